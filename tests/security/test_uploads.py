"""Uploads are judged by their content: fake, vector and decompression-bomb images are
refused with a German message next to the field, nothing is saved, no server error."""

import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import Image

from cms.procedures import Statement
from maps.models import Report, ReportPhoto
from tests.cms.conftest import make_procedure
from tests.maps.conftest import make_category
from tests.maps.test_report_form import form_data as report_data

pytestmark = pytest.mark.django_db

SVG = (
    b'<svg xmlns="http://www.w3.org/2000/svg" onload="alert(1)"><rect width="9" height="9"/></svg>'
)


def bomb() -> bytes:
    """A PNG of a few kilobytes that would need gigabytes as pixels."""
    out = io.BytesIO()
    Image.new("1", (15000, 15000)).save(out, "PNG")
    return out.getvalue()


@pytest.fixture(scope="module")
def bad_files() -> dict[str, bytes]:
    return {"svg": SVG, "bomb": bomb(), "html": b"<html><script>alert(1)</script></html>"}


@pytest.mark.parametrize("kind", ["svg", "bomb", "html"])
def test_report_photos_that_are_no_photos_are_refused(
    client, citizen, organisation, bad_files, kind
):
    category = make_category(organisation)
    client.force_login(citizen)
    data = report_data(category)
    data["photos"] = [SimpleUploadedFile("foto.jpg", bad_files[kind], "image/jpeg")]

    response = client.post("/meldungen/neu/", data)

    assert response.status_code == 200
    html = response.content.decode()
    assert "ist kein Foto, das wir lesen können" in html
    assert data["description"] in html  # what the citizen typed is kept
    assert not Report.objects.exists() and not ReportPhoto.objects.exists()


@pytest.mark.parametrize("kind", ["svg", "bomb", "html"])
def test_statement_attachments_that_are_no_pdf_or_image_are_refused(
    client, home, organisation, bad_files, kind
):
    procedure = make_procedure(home, organisation)
    data = {
        "submitter_kind": "citizen",
        "text": "Der Radweg fehlt.",
        "name": "Clara Citizen",
        "consent": "on",
        "attachments": [SimpleUploadedFile("anlage.png", bad_files[kind], "image/png")],
    }

    response = client.post(procedure.url, data)

    assert response.status_code == 200
    html = response.content.decode()
    assert "weder ein PDF noch ein Bild" in html
    assert "Der Radweg fehlt." in html
    assert not Statement.objects.exists()
