"""Photos are checked by content, turned upright, shrunk and stripped of EXIF/GPS."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import ExifTags, Image

from maps.models import ReportPhoto
from tests.maps.conftest import image_bytes
from tests.maps.test_report_form import form_data

pytestmark = pytest.mark.django_db


def exif_with_gps_and_rotation() -> Image.Exif:
    exif = Image.Exif()
    exif[ExifTags.Base.Orientation] = 6  # rotate 90° clockwise to show upright
    exif[ExifTags.Base.Model] = "Kamera 3000"
    gps = exif.get_ifd(ExifTags.IFD.GPSInfo)
    gps[ExifTags.GPS.GPSLatitudeRef] = "N"
    gps[ExifTags.GPS.GPSLatitude] = (50.0, 4.0, 57.0)
    gps[ExifTags.GPS.GPSLongitudeRef] = "E"
    gps[ExifTags.GPS.GPSLongitude] = (8.0, 14.0, 38.0)
    return exif


def upload(client, citizen, category, *files):
    client.force_login(citizen)
    data = form_data(category)
    data["photos"] = list(files)
    return client.post("/meldungen/neu/", data)


def test_a_photo_with_gps_has_no_metadata_after_upload(client, citizen, category):
    raw = image_bytes(size=(3000, 1000), exif=exif_with_gps_and_rotation())
    with Image.open(__import__("io").BytesIO(raw)) as original:
        assert original.getexif().get_ifd(ExifTags.IFD.GPSInfo)
    upload(client, citizen, category, SimpleUploadedFile("strasse.jpg", raw, "image/jpeg"))

    photo = ReportPhoto.objects.get()
    with Image.open(photo.image.path) as stored:
        assert stored.format == "JPEG"
        exif = stored.getexif()
        assert not exif.get_ifd(ExifTags.IFD.GPSInfo)
        assert ExifTags.Base.Model not in exif
        assert "exif" not in stored.info
        # Turned upright (portrait) and shrunk to 2048 px on the long edge.
        assert stored.size == (683, 2048)
    assert (photo.width, photo.height) == (683, 2048)


def test_a_png_is_stored_as_jpeg(client, citizen, category):
    upload(client, citizen, category, SimpleUploadedFile("a.png", image_bytes("PNG"), "image/png"))
    assert ReportPhoto.objects.get().image.name.endswith(".jpg")


def test_it_rejects_a_fake_image_in_german(client, citizen, category):
    fake = SimpleUploadedFile("bild.jpg", b"<?php echo 'hi'; ?>" * 50, "image/jpeg")
    response = upload(client, citizen, category, fake)
    assert response.status_code == 200
    assert "ist kein Foto, das wir lesen können" in response.content.decode()
    assert not ReportPhoto.objects.exists()


def test_it_rejects_more_than_three_photos(client, citizen, category):
    files = [SimpleUploadedFile(f"{i}.jpg", image_bytes(), "image/jpeg") for i in range(4)]
    response = upload(client, citizen, category, *files)
    assert "höchstens 3 Fotos" in response.content.decode()
    assert not ReportPhoto.objects.exists()


def test_it_rejects_photos_larger_than_10_mb(client, citizen, category):
    big = SimpleUploadedFile("big.jpg", image_bytes() + b"\0" * (10 * 1024 * 1024), "image/jpeg")
    response = upload(client, citizen, category, big)
    assert "größer als 10 MB" in response.content.decode()
    assert not ReportPhoto.objects.exists()
