"""Who gets the weighing report, when the queue builds it, the named version's log, the
stored files' retention and the public anonymised report of a published result."""

import datetime
import io
import logging

import pytest
from django.utils import timezone
from pypdf import PdfReader

from beteiligung.roles import Role
from cms.procedures import ConsiderationResult, PhaseKind, StatementStatus
from cms.report import ReportFile, ReportFileStatus, ReportKind, delete_expired_report_files
from tests.cms.conftest import make_procedure, make_statement
from tests.conftest import make_staff

pytestmark = pytest.mark.django_db


@pytest.fixture
def planner(organisation):
    return make_staff(organisation, Role.PLANNER)


@pytest.fixture
def weighed(procedure):
    return make_statement(
        procedure,
        name="Zoë Müller-Lüdenscheidt",
        status=StatementStatus.WEIGHED,
        result=ConsiderationResult.ACCEPTED,
        response="Wir pflanzen 40 Bäume.",
    )


def pdf_text(content: bytes) -> str:
    return "\n".join(p.extract_text() for p in PdfReader(io.BytesIO(content)).pages)


@pytest.mark.parametrize(
    "persona, allowed",
    [
        ("planner", True),
        ("moderator", False),
        ("editor", False),
        ("other_planner", False),
        ("citizen", False),
    ],
)
def test_only_planners_of_the_organisation_get_the_report(
    client, procedure, weighed, organisation, other_organisation, citizen, persona, allowed
):
    user = {
        "planner": lambda: make_staff(organisation, Role.PLANNER),
        "moderator": lambda: make_staff(organisation, Role.MODERATOR),
        "editor": lambda: make_staff(organisation, Role.EDITOR),
        "other_planner": lambda: make_staff(other_organisation, Role.PLANNER),
        "citizen": lambda: citizen,
    }[persona]()
    client.force_login(user)

    for suffix in ("bericht.pdf", "bericht.docx", "bericht.pdf?namen=1"):
        response = client.get(f"/admin/abwaegung/{procedure.pk}/{suffix}")
        if allowed:
            assert response.status_code == 200
            assert response["Content-Disposition"].startswith("attachment")
        else:
            assert response.status_code in (302, 403), "Wagtail leitet bei 403 um"
            assert not response.has_header("Content-Disposition")


def test_the_report_is_anonymised_unless_names_are_asked_for_and_that_is_logged(
    client, procedure, weighed, planner, caplog
):
    client.force_login(planner)

    with caplog.at_level(logging.WARNING, logger="cms.report"):
        anonymous = client.get(f"/admin/abwaegung/{procedure.pk}/bericht.pdf")
        assert not caplog.records
        named = client.get(f"/admin/abwaegung/{procedure.pk}/bericht.pdf?namen=1")

    assert "Müller-Lüdenscheidt" not in pdf_text(anonymous.content)
    assert "Müller-Lüdenscheidt" in pdf_text(named.content)
    assert anonymous["Content-Type"] == "application/pdf"
    assert "mit-namen" in named["Content-Disposition"]
    assert [r.getMessage() for r in caplog.records] == [
        f"Named weighing report (pdf) of procedure {procedure.pk} requested by user {planner.pk}"
    ]


def test_an_unknown_format_is_not_found(client, procedure, planner):
    client.force_login(planner)
    assert client.get(f"/admin/abwaegung/{procedure.pk}/bericht.xlsx").status_code == 404


def test_a_large_procedure_gets_its_report_from_the_queue_with_a_link_when_ready(
    client, procedure, weighed, planner, settings, django_capture_on_commit_callbacks
):
    settings.CMS_REPORT_TASK_THRESHOLD = 0
    client.force_login(planner)

    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        response = client.get(f"/admin/abwaegung/{procedure.pk}/bericht.docx", follow=True)
    page = response.content.decode()
    assert "Bericht wird erstellt …" in page
    report = ReportFile.objects.get()
    assert report.status == ReportFileStatus.PENDING and report.requested_by == planner
    client.get(f"/admin/abwaegung/{procedure.pk}/bericht.docx")
    assert ReportFile.objects.count() == 1, "ein zweiter Klick baut nicht noch einmal"
    assert report.delete_after == timezone.localdate() + datetime.timedelta(days=30)

    for callback in callbacks:
        callback()  # the queue (django-q2, synchronous in tests) builds it
    report.refresh_from_db()
    assert report.status == ReportFileStatus.READY
    page = client.get(f"/admin/abwaegung/{procedure.pk}/").content.decode()
    link = f"/admin/abwaegung/bericht/{report.pk}/"
    assert link in page and "Herunterladen" in page
    download = client.get(link)
    assert download.status_code == 200
    assert b"".join(download.streaming_content).startswith(b"PK")


def test_another_organisations_planner_cannot_fetch_a_stored_report(
    client, procedure, weighed, other_organisation
):
    report = ReportFile.objects.create(procedure=procedure, kind=ReportKind.PDF)
    report.store(b"%PDF-1.4 x")
    client.force_login(make_staff(other_organisation, Role.PLANNER))

    response = client.get(f"/admin/abwaegung/bericht/{report.pk}/")

    assert response.status_code in (302, 403)
    assert not response.has_header("Content-Disposition")


def test_stored_reports_are_deleted_after_their_date_with_their_file(procedure):
    old = ReportFile.objects.create(
        procedure=procedure,
        kind=ReportKind.PDF,
        delete_after=timezone.localdate() - datetime.timedelta(days=1),
    )
    old.store(b"%PDF-1.4 alt")
    kept = ReportFile.objects.create(
        procedure=procedure, kind=ReportKind.PDF, delete_after=timezone.localdate()
    )
    storage, name = old.file.storage, old.file.name

    assert delete_expired_report_files() == 1

    assert list(ReportFile.objects.all()) == [kept]
    assert not storage.exists(name)


def test_the_published_result_links_the_anonymised_report_for_everyone(
    client, home, organisation, planner, django_capture_on_commit_callbacks
):
    procedure = make_procedure(home, organisation, PhaseKind.RESULT, slug="ergebnis")
    make_statement(
        procedure,
        name="<script>alert(1)</script>",
        status=StatementStatus.WEIGHED,
        result=ConsiderationResult.NOTED,
        response="Zur Kenntnis genommen.",
    )
    url = f"/verfahren/abwaegungsbericht/{procedure.pk}.pdf"
    assert client.get(url).status_code == 404, "vor der Veröffentlichung nicht öffentlich"

    client.force_login(planner)
    with django_capture_on_commit_callbacks(execute=True):
        client.post(f"/admin/abwaegung/{procedure.pk}/veroeffentlichen/")
    client.logout()

    page = client.get(procedure.url).content.decode()
    assert url in page and "Abwägungsbericht (PDF, ohne Namen)" in page
    response = client.get(url)
    assert response.status_code == 200 and response["Content-Type"] == "application/pdf"
    text = pdf_text(b"".join(response.streaming_content))
    assert "Zur Kenntnis genommen." in text and "<script>" not in text


def test_the_public_report_is_gone_when_the_results_are_not_shown(
    client, home, organisation, django_capture_on_commit_callbacks
):
    procedure = make_procedure(
        home, organisation, PhaseKind.RESULT, slug="intern", statements_public=False
    )
    procedure.results_published_at = timezone.now()
    procedure.save()
    report = ReportFile.objects.create(procedure=procedure, kind=ReportKind.PDF, public=True)
    report.store(b"%PDF-1.4 x")

    assert client.get(f"/verfahren/abwaegungsbericht/{procedure.pk}.pdf").status_code == 404
