"""Uploads carry nothing but pixels: every upload path (report photos, statement
attachments) drops EXIF, ICC, XMP, JPEG comments and PNG text chunks, and refuses an image
over 40 megapixels from its header, before decoding it, with a German message next to the
field and with little memory."""

import io
import struct
import subprocess
import sys
import zlib
from pathlib import Path

import pytest
from django.conf import settings
from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import ExifTags, Image, ImageCms
from PIL.PngImagePlugin import PngInfo

from cms.procedures import Statement, StatementAttachment
from maps.models import Report, ReportPhoto
from tests.cms.conftest import make_procedure
from tests.maps.conftest import make_category
from tests.maps.test_report_form import form_data as report_data

pytestmark = pytest.mark.django_db

SECRET = b"Clara Citizen, Musterweg 1"


def exif() -> Image.Exif:
    data = Image.Exif()
    data[ExifTags.Base.Artist] = SECRET.decode()
    data[ExifTags.Base.Model] = "Kamera 3000"
    gps = data.get_ifd(ExifTags.IFD.GPSInfo)
    gps[ExifTags.GPS.GPSLatitudeRef] = "N"
    gps[ExifTags.GPS.GPSLatitude] = (50.0, 4.0, 57.0)
    return data


def icc() -> bytes:
    return ImageCms.ImageCmsProfile(ImageCms.createProfile("sRGB")).tobytes()


XMP = b'<x:xmpmeta xmlns:x="adobe:ns:meta/">' + SECRET + b"</x:xmpmeta>"


def with_metadata(fmt: str) -> bytes:
    out = io.BytesIO()
    image = Image.new("RGB", (640, 480), (200, 30, 30))
    if fmt == "JPEG":
        image.save(out, "JPEG", exif=exif(), icc_profile=icc(), comment=SECRET, xmp=XMP)
    elif fmt == "PNG":
        text = PngInfo()
        text.add_text("Author", SECRET.decode())
        text.add_itxt("Comment", SECRET.decode(), zip=True)
        image.save(out, "PNG", pnginfo=text, exif=exif(), icc_profile=icc())
    else:
        image.save(out, "WEBP", exif=exif(), icc_profile=icc(), xmp=XMP)
    return out.getvalue()


def jpeg_segments(data: bytes) -> list[int]:
    """The marker of every segment before the image data (0xE0 = APP0/JFIF, 0xFE = COM)."""
    markers, pos = [], 2
    while pos < len(data):
        marker = data[pos + 1]
        if marker == 0xDA:  # start of scan: pixels follow
            break
        markers.append(marker)
        pos += 2 + struct.unpack(">H", data[pos + 2 : pos + 4])[0]
    return markers


def png_chunks(data: bytes) -> list[bytes]:
    chunks, pos = [], 8
    while pos < len(data):
        length = struct.unpack(">I", data[pos : pos + 4])[0]
        chunks.append(data[pos + 4 : pos + 8])
        pos += 12 + length
    return chunks


def webp_chunks(data: bytes) -> list[bytes]:
    chunks, pos = [], 12
    while pos < len(data):
        size = struct.unpack("<I", data[pos + 4 : pos + 8])[0]
        chunks.append(data[pos : pos + 4])
        pos += 8 + size + size % 2
    return chunks


def assert_only_pixels(data: bytes, fmt: str) -> None:
    assert SECRET not in data and b"Kamera" not in data
    if fmt == "JPEG":
        metadata = [m for m in jpeg_segments(data) if 0xE1 <= m <= 0xEF or m == 0xFE]
        assert metadata == [], [hex(m) for m in metadata]
    elif fmt == "PNG":
        assert set(png_chunks(data)) <= {b"IHDR", b"PLTE", b"tRNS", b"IDAT", b"IEND"}
    else:
        assert set(webp_chunks(data)) <= {b"VP8 ", b"VP8L", b"VP8X", b"ALPH"}
    with Image.open(io.BytesIO(data)) as image:
        assert not {"exif", "icc_profile", "comment", "xmp", "Author"} & set(image.info)


def huge_png(width: int = 12_000, height: int = 12_000) -> bytes:
    """A PNG of a few hundred kilobytes declaring width × height RGB pixels (all black),
    written row by row so the test itself needs no memory for the pixels."""

    def chunk(kind: bytes, body: bytes) -> bytes:
        return (
            struct.pack(">I", len(body)) + kind + body + struct.pack(">I", zlib.crc32(kind + body))
        )

    packer = zlib.compressobj(9)
    row = b"\0" * (1 + 3 * width)
    idat = b"".join(packer.compress(row) for _ in range(height)) + packer.flush()
    header = struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0)
    return (
        b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header) + chunk(b"IDAT", idat) + chunk(b"IEND", b"")
    )


@pytest.fixture(scope="module")
def huge() -> bytes:
    return huge_png()


def post_report(client, citizen, organisation, content: bytes, name: str):
    client.force_login(citizen)
    data = report_data(make_category(organisation))
    data["photos"] = [SimpleUploadedFile(name, content, "image/jpeg")]
    return client.post("/meldungen/neu/", data), data


def post_statement(client, home, organisation, content: bytes, name: str):
    procedure = make_procedure(home, organisation)
    data = {
        "submitter_kind": "citizen",
        "text": "Der Radweg fehlt.",
        "name": "Clara Citizen",
        "consent": "on",
        "attachments": [SimpleUploadedFile(name, content, "image/png")],
    }
    return client.post(procedure.url, data)


@pytest.mark.parametrize("fmt", ["JPEG", "PNG", "WEBP"])
def test_report_photos_keep_nothing_but_pixels(client, citizen, organisation, fmt):
    response, _data = post_report(client, citizen, organisation, with_metadata(fmt), "foto")

    assert response.status_code == 302
    stored = ReportPhoto.objects.get().image.read()
    assert_only_pixels(stored, "JPEG")


@pytest.mark.parametrize("fmt", ["JPEG", "PNG", "WEBP"])
def test_statement_images_keep_nothing_but_pixels(client, home, organisation, fmt):
    response = post_statement(client, home, organisation, with_metadata(fmt), f"anlage.{fmt}")

    assert response.status_code == 302
    attachment = StatementAttachment.objects.get()
    assert_only_pixels(attachment.file.read(), fmt)
    assert attachment.content_type == f"image/{fmt.lower()}"


def test_statement_images_are_shrunk_to_2048_pixels(client, home, organisation):
    out = io.BytesIO()
    Image.new("RGB", (4000, 3000), (10, 120, 40)).save(out, "PNG")

    post_statement(client, home, organisation, out.getvalue(), "plan.png")

    with Image.open(StatementAttachment.objects.get().file) as stored:
        assert stored.size == (2048, 1536)


def test_a_report_photo_over_40_megapixels_is_refused_in_german(
    client, citizen, organisation, huge
):
    assert len(huge) < 500_000  # the file: 419 KB for 144 megapixels

    response, data = post_report(client, citizen, organisation, huge, "riesig.png")

    assert response.status_code == 200
    html = response.content.decode()
    assert "Das Foto riesig.png hat 144 Megapixel; höchstens 40 Megapixel" in html
    assert data["description"] in html
    assert not Report.objects.exists() and not ReportPhoto.objects.exists()


def test_a_statement_image_over_40_megapixels_is_refused_in_german(
    client, home, organisation, huge
):
    response = post_statement(client, home, organisation, huge, "riesig.png")

    assert response.status_code == 200
    html = response.content.decode()
    assert "„riesig.png“ hat 144 Megapixel; höchstens 40 Megapixel" in html
    assert "Der Radweg fehlt." in html
    assert not Statement.objects.exists()


MEASURE = """
import os, resource, sys
import django
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "beteiligung.settings")
django.setup()
from django import forms
from django.core.files.uploadedfile import SimpleUploadedFile
from cms.statements import checked_upload
from maps.photos import process_photo

data = open(sys.argv[1], "rb").read()
for check in (process_photo, checked_upload):
    before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    try:
        check(SimpleUploadedFile("riesig.png", data, "image/png"))
        outcome = "accepted"
    except forms.ValidationError:
        outcome = "refused"
    grown = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss - before
    print(check.__name__, outcome, grown // 1024)
"""


def test_refusing_a_144_megapixel_png_needs_almost_no_memory(huge, tmp_path):
    # Pillow decodes in C, which tracemalloc does not see; a fresh process's peak resident
    # size (ru_maxrss) does. Decoding the image would need ~430 MB (more as RGBA).
    path = Path(tmp_path) / "riesig.png"
    path.write_bytes(huge)

    result = subprocess.run(  # noqa: S603 (our own interpreter and script)
        [sys.executable, "-c", MEASURE, str(path)],
        cwd=settings.BASE_DIR,
        capture_output=True,
        text=True,
        timeout=120,
        check=True,
    )

    peaks = {
        name: (outcome, int(mb)) for name, outcome, mb in map(str.split, result.stdout.splitlines())
    }
    assert peaks["process_photo"][0] == peaks["checked_upload"][0] == "refused"
    assert peaks["process_photo"][1] < 20, peaks
    assert peaks["checked_upload"][1] < 20, peaks
