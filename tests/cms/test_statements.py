"""The statement form: draft, review, submit, receipt e-mail; closed and late; area; uploads."""

import io

import pytest
from django.core import mail
from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import Image

from cms.procedures import (
    PhaseKind,
    ProcedureDocument,
    Statement,
    StatementAttachment,
    StatementStatus,
)
from tests.cms.conftest import INSIDE, OUTSIDE, make_procedure

PDF = b"%PDF-1.4\n1 0 obj << >> endobj\ntrailer << >>\n%%EOF\n"


def form_data(**extra) -> dict:
    return {
        "submitter_kind": "citizen",
        "text": "Der Radweg an der Heinrichstraße fehlt im Plan.",
        "name": "Clara Citizen",
        "email": "clara@example.org",
        "consent": "on",
        "website": "",
        **extra,
    }


def jpeg_with_exif() -> bytes:
    image = Image.new("RGB", (40, 30), "green")
    exif = Image.Exif()
    exif[0x010F] = "Kamera GmbH"  # Make
    output = io.BytesIO()
    image.save(output, format="JPEG", exif=exif)
    return output.getvalue()


def submit(client, procedure, data, django_capture_on_commit_callbacks):
    response = client.post(procedure.url, data)
    assert response.status_code == 302, response.content.decode()[:2000]
    review_url = response["Location"]
    with django_capture_on_commit_callbacks(execute=True):
        confirmed = client.post(review_url)
    return review_url, confirmed


def test_a_citizen_reviews_and_submits_a_statement(
    client, procedure, django_capture_on_commit_callbacks
):
    document = ProcedureDocument.objects.create(
        page=procedure, document=_document(), title="Begründung", section="Teil B"
    )
    response = client.post(
        procedure.url,
        form_data(document=document.pk, section="Kapitel 3.2", place="Darmstadt", **INSIDE),
    )
    assert response.status_code == 302
    draft = Statement.objects.get()
    assert draft.status == StatementStatus.DRAFT and draft.reference == ""

    review = client.get(response["Location"]).content.decode()
    assert "Heinrichstraße" in review and "Kapitel 3.2" in review and "Begründung" in review
    assert mail.outbox == []

    with django_capture_on_commit_callbacks(execute=True):
        confirmed = client.post(response["Location"])
    statement = Statement.objects.get()
    assert statement.status == StatementStatus.SUBMITTED
    assert statement.reference.startswith("ST-") and statement.reference.endswith(
        f"{statement.pk:06d}"
    )
    assert statement.delete_personal_data_after == procedure.personal_data_deletion_date()
    receipt = client.get(confirmed["Location"]).content.decode()
    assert statement.reference in receipt
    # The same word as the weighing table and the appointment mails.
    assert f"Ihre Vorgangsnummer lautet <strong>{statement.reference}</strong>" in receipt

    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    assert message.to == ["clara@example.org"]
    assert statement.reference in message.subject
    assert "Heinrichstraße" in message.body and "Kapitel 3.2" in message.body
    assert f"Vorgangsnummer: {statement.reference}" in message.body
    assert "Aktenzeichen" not in message.body


def test_the_change_link_brings_the_draft_back_into_the_form(client, procedure):
    response = client.post(procedure.url, form_data())
    token = Statement.objects.get().token
    page = client.get(f"{procedure.url}?entwurf={token}").content.decode()
    assert "Heinrichstraße" in page
    client.post(procedure.url, form_data(text="Geänderter Text", draft=str(token)))
    assert Statement.objects.get().text == "Geänderter Text"
    assert response.status_code == 302


def test_another_browser_cannot_see_a_draft(client, procedure):
    response = client.post(procedure.url, form_data())
    client.cookies.clear()
    assert client.get(response["Location"]).status_code == 404


def test_the_form_is_prefilled_from_the_account(client, procedure, citizen):
    client.force_login(citizen)
    page = client.get(procedure.url).content.decode()
    assert 'value="citizen@example.org"' in page and 'value="Clara Citizen"' in page


@pytest.mark.parametrize("stage", ["upcoming", PhaseKind.EVALUATION, "over"])
def test_the_form_is_closed_outside_the_participation_phase(client, home, organisation, stage):
    procedure = make_procedure(home, organisation, stage)
    page = client.get(procedure.url).content.decode()
    assert 'name="text"' not in page
    assert ("können vom" in page) if stage == "upcoming" else ("endete am" in page)


def test_a_late_post_is_rejected_and_the_text_is_shown(client, home, organisation):
    procedure = make_procedure(home, organisation, PhaseKind.EVALUATION)
    response = client.post(procedure.url, form_data())
    assert response.status_code == 409
    page = response.content.decode()
    assert "nicht abgegeben" in page
    assert "Heinrichstraße" in page
    assert not Statement.objects.exists()


def test_a_draft_confirmed_after_the_phase_ended_is_not_submitted(
    client, procedure, django_capture_on_commit_callbacks
):
    response = client.post(procedure.url, form_data())
    participation = procedure.participation_phase()
    # The participation phase ends while the citizen reads the review page.
    participation.end = participation.start + (participation.end - participation.start) / 4
    participation.save()
    with django_capture_on_commit_callbacks(execute=True):
        late = client.post(response["Location"])
    assert late.status_code == 409
    page = late.content.decode()
    assert "nicht abgegeben" in page and "Heinrichstraße" in page
    assert Statement.objects.get().status == StatementStatus.DRAFT
    assert mail.outbox == []


def test_a_point_outside_the_planning_area_is_refused(client, procedure):
    response = client.post(procedure.url, form_data(**OUTSIDE))
    assert response.status_code == 200
    page = response.content.decode()
    assert "außerhalb des Plangebiets" in page
    assert "Heinrichstraße" in page
    assert not Statement.objects.exists()


def test_half_a_point_is_refused(client, procedure):
    response = client.post(procedure.url, form_data(latitude="49.87"))
    assert "Breiten- und Längengrad" in response.content.decode()


def test_the_honeypot_stops_bots(client, procedure):
    client.post(procedure.url, form_data(website="http://spam.example"))
    assert not Statement.objects.exists()


def test_agencies_must_name_themselves(client, procedure):
    response = client.post(procedure.url, form_data(submitter_kind="agency"))
    assert "Behörde" in response.content.decode()
    assert not Statement.objects.exists()


def test_a_pdf_and_an_image_are_attached_and_the_image_loses_its_metadata(client, procedure):
    response = client.post(
        procedure.url,
        form_data(
            attachments=[
                SimpleUploadedFile("stellungnahme.pdf", PDF, "application/pdf"),
                SimpleUploadedFile("foto.jpg", jpeg_with_exif(), "image/jpeg"),
            ]
        ),
    )
    assert response.status_code == 302
    attachments = {a.original_name: a for a in StatementAttachment.objects.all()}
    assert attachments["stellungnahme.pdf"].content_type == "application/pdf"
    photo = attachments["foto.jpg"]
    assert photo.content_type == "image/jpeg"
    with Image.open(photo.file.path) as image:
        assert not image.getexif()
    assert "foto.jpg" in client.get(response["Location"]).content.decode()


def test_a_file_that_only_claims_to_be_a_pdf_is_refused(client, procedure):
    fake = SimpleUploadedFile("plan.pdf", b"MZ\x90\x00 not a pdf", "application/pdf")
    response = client.post(procedure.url, form_data(attachments=[fake]))
    page = response.content.decode()
    assert "weder ein PDF noch ein Bild" in page
    assert "Heinrichstraße" in page
    assert not Statement.objects.exists()


def test_a_too_large_attachment_is_refused(client, procedure, monkeypatch):
    monkeypatch.setattr("cms.statements.MAX_ATTACHMENT_SIZE", 1000)
    big = SimpleUploadedFile("gross.pdf", PDF + b"0" * 2000, "application/pdf")
    response = client.post(procedure.url, form_data(attachments=[big]))
    assert "zu groß" in response.content.decode()
    assert not Statement.objects.exists()


def test_my_statements_appear_in_the_account(
    client, procedure, citizen, django_capture_on_commit_callbacks
):
    client.force_login(citizen)
    submit(client, procedure, form_data(), django_capture_on_commit_callbacks)
    statement = Statement.objects.get()
    assert statement.user == citizen
    page = client.get("/konto/").content.decode()
    assert "Meine Stellungnahmen" in page
    assert statement.reference in page and procedure.title in page


def _document():
    from django.core.files.base import ContentFile
    from wagtail.documents.models import Document

    document = Document(title="Begründung", file=ContentFile(PDF, name="begruendung.pdf"))
    document._set_document_file_metadata()
    document.save()
    return document


def test_too_many_drafts_from_one_address_are_refused(client, procedure, monkeypatch):
    monkeypatch.setattr("cms.statements.RATE_LIMIT", 2)
    for _ in range(2):
        assert client.post(procedure.url, form_data()).status_code == 302
    refused = client.post(procedure.url, form_data())
    assert refused.status_code == 429
    assert "Heinrichstraße" in refused.content.decode()
    assert Statement.objects.count() == 2


def test_a_procedure_closed_to_everyone_shows_no_form(client, home, organisation):
    procedure = make_procedure(home, organisation, open_to_citizens=False, open_to_agencies=False)
    assert 'name="text"' not in client.get(procedure.url).content.decode()


def test_a_procedure_only_for_agencies_asks_for_the_agency(client, home, organisation):
    procedure = make_procedure(home, organisation, open_to_citizens=False)
    response = client.post(procedure.url, form_data(submitter_kind="citizen"))
    assert response.status_code == 200
    assert not Statement.objects.exists()
