"""The final notice (Schlussmitteilung): one e-mail per submitter with all their weighed
statements, a letter for those who gave only a postal address, nobody twice."""

import io
import zipfile

import pytest
from django.core import mail
from pypdf import PdfReader

from beteiligung.roles import Role
from cms.notices import send_final_notices
from cms.procedures import ConsiderationResult, PhaseKind, StatementStatus
from cms.report import ReportFile, ReportKind
from tests.cms.conftest import make_procedure, make_statement
from tests.conftest import make_staff

pytestmark = pytest.mark.django_db


@pytest.fixture
def result_procedure(home, organisation):
    organisation.address = "Rathausplatz 1\n64283 Darmstadt"
    organisation.save()
    return make_procedure(home, organisation, PhaseKind.RESULT, slug="ergebnis")


def weighed(procedure, **fields):
    fields.setdefault("status", StatementStatus.WEIGHED)
    fields.setdefault("result", ConsiderationResult.PARTLY_ACCEPTED)
    fields.setdefault("response", "Der Abstand wird auf 1.000 m erhöht.")
    return make_statement(procedure, **fields)


def test_each_submitter_gets_one_e_mail_with_every_statement_and_its_response(
    result_procedure, django_capture_on_commit_callbacks
):
    first = weighed(result_procedure, email="Erika@example.org", text="Erster Einwand " * 40)
    second = weighed(
        result_procedure,
        email="erika@example.org",
        result=ConsiderationResult.NOT_ACCEPTED,
        response="Die Trasse bleibt.",
    )
    weighed(result_procedure, email="otto@example.org", name="Otto")
    make_statement(result_procedure, email="offen@example.org", text="Noch nicht abgewogen")

    with django_capture_on_commit_callbacks(execute=True):
        summary = send_final_notices(result_procedure)

    assert (summary.emails, summary.letters) == (2, 0)
    assert sorted(m.to[0].lower() for m in mail.outbox) == [
        "erika@example.org",
        "otto@example.org",
    ]
    erika = next(m for m in mail.outbox if m.to[0].lower() == "erika@example.org")
    assert erika.subject == "Ergebnis der Abwägung: Bebauungsplan Mitte"
    for statement in (first, second):
        assert statement.reference in erika.body
    assert "Der Abstand wird auf 1.000 m erhöht." in erika.body
    assert "Die Trasse bleibt." in erika.body
    assert "Ergebnis: Teilweise berücksichtigt." in erika.body
    assert "Ihre Anregung wird nicht berücksichtigt; die Erwiderung nennt die Gründe." in erika.body
    assert "Erster Einwand " * 5 in erika.body and "Erster Einwand " * 40 not in erika.body
    assert f"{result_procedure.url}#results-heading" in erika.body
    assert f"/verfahren/abwaegungsbericht/{result_procedure.pk}.pdf" in erika.body
    assert "Noch nicht abgewogen" not in "".join(m.body for m in mail.outbox)


def test_nobody_gets_a_notice_twice(result_procedure, django_capture_on_commit_callbacks):
    weighed(result_procedure, email="erika@example.org")
    weighed(result_procedure, email="", postal_address="Hauptstr. 1\n64283 Darmstadt")
    with django_capture_on_commit_callbacks(execute=True):
        send_final_notices(result_procedure)
    later = weighed(result_procedure, email="erika@example.org", response="Nachtrag.")
    mail.outbox.clear()

    with django_capture_on_commit_callbacks(execute=True):
        summary = send_final_notices(result_procedure)

    assert (summary.emails, summary.letters) == (1, 0)
    assert len(mail.outbox) == 1 and later.reference in mail.outbox[0].body
    assert "Der Abstand wird" not in mail.outbox[0].body
    assert ReportFile.objects.filter(kind=ReportKind.LETTERS).count() == 1
    with django_capture_on_commit_callbacks(execute=True):
        assert send_final_notices(result_procedure).emails == 0


def test_submitters_with_only_a_postal_address_get_a_letter_to_print(result_procedure):
    letter = weighed(
        result_procedure,
        name="Zoë Müller-Lüdenscheidt",
        email="",
        postal_address="Lindenweg 3\n64283 Darmstadt",
        text="<script>alert(1)</script> Bitte den Park erhalten.",
    )
    weighed(
        result_procedure,
        name="Zoë Müller-Lüdenscheidt",
        email="",
        postal_address="Lindenweg 3\r\n64283  Darmstadt",
        response="Zweite Antwort.",
    )
    weighed(result_procedure, name="Ohne Adresse", email="", postal_address="")

    summary = send_final_notices(result_procedure)

    assert (summary.emails, summary.letters) == (0, 1)
    report = ReportFile.objects.get(kind=ReportKind.LETTERS)
    assert not report.anonymised and report.delete_after is not None
    with report.file.open("rb") as handle, zipfile.ZipFile(handle) as archive:
        names = archive.namelist()
        assert names == [f"0001-{letter.reference}.pdf"]
        pdf = PdfReader(io.BytesIO(archive.read(names[0])))
    text = "\n".join(page.extract_text() for page in pdf.pages)
    assert "Zoë Müller-Lüdenscheidt" in text and "Lindenweg 3" in text
    assert "Rathausplatz 1" in text, "Briefkopf der Organisation"
    assert letter.reference in text and "Zweite Antwort." in text
    assert "<script>alert(1)</script>" in text
    assert "Guten Tag Zoë Müller-Lüdenscheidt," in text
    assert "Seite 1 von" in text
    letter.refresh_from_db()
    assert letter.notified_at is not None


def test_the_letters_are_offered_to_the_planner_on_the_weighing_table(
    client, result_procedure, organisation, django_capture_on_commit_callbacks
):
    weighed(result_procedure, email="", postal_address="Lindenweg 3\n64283 Darmstadt")
    planner = make_staff(organisation, Role.PLANNER)
    client.force_login(planner)

    with django_capture_on_commit_callbacks(execute=True):
        client.post(f"/admin/abwaegung/{result_procedure.pk}/veroeffentlichen/")

    page = client.get(f"/admin/abwaegung/{result_procedure.pk}/").content.decode()
    letters = ReportFile.objects.get(kind=ReportKind.LETTERS)
    assert "Schlussmitteilungen per Brief" in page
    assert f"/admin/abwaegung/bericht/{letters.pk}/" in page
    response = client.get(f"/admin/abwaegung/bericht/{letters.pk}/")
    assert response.status_code == 200 and response["Content-Type"] == "application/zip"


def test_the_postal_address_is_erased_with_the_other_personal_data(result_procedure):
    statement = weighed(result_procedure, postal_address="Lindenweg 3\n64283 Darmstadt")

    statement.erase_personal_data()

    statement.refresh_from_db()
    assert statement.postal_address == "" and statement.name == ""


def test_a_citizen_gives_a_postal_address_in_the_statement_form_and_finds_it_in_the_download(
    client, procedure, citizen
):
    from beteiligung.privacy import export_user_data
    from cms.procedures import Statement
    from tests.cms.test_statements import form_data

    client.force_login(citizen)
    form = client.get(procedure.url).content.decode()
    assert "Postanschrift (für eine Antwort per Brief)" in form

    response = client.post(
        procedure.url, form_data(email="", postal_address="Lindenweg 3\n64283 Darmstadt")
    )
    assert response.status_code == 302
    review = client.get(response["Location"]).content.decode()
    assert "Lindenweg 3<br>64283 Darmstadt" in review
    client.post(response["Location"])

    statement = Statement.objects.get()
    assert statement.postal_address == "Lindenweg 3\n64283 Darmstadt"
    exported = str(export_user_data(citizen))
    assert "Lindenweg 3" in exported
