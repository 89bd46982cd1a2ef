"""Uploaded photos: checked by content, turned upright, shrunk, and re-encoded without EXIF.

Re-encoding from the pixels (instead of copying the file) is what drops every piece of
metadata, including GPS positions and camera serial numbers.
"""

import io

from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.utils.translation import gettext_lazy as _
from PIL import Image, ImageOps, UnidentifiedImageError

MAX_UPLOAD_BYTES = 10 * 1024 * 1024
MAX_EDGE = 2048
ACCEPTED_FORMATS = {"JPEG", "PNG", "WEBP", "GIF", "HEIF", "MPO"}

try:  # Phones send HEIC; pillow-heif is there when Wagtail's image stack brought it.
    from pillow_heif import register_heif_opener

    register_heif_opener()
except ImportError:  # pragma: no cover
    pass


def process_photo(upload) -> tuple[ContentFile, int, int]:
    """Return a clean JPEG of the upload, or raise ValidationError with a German message."""
    if upload.size > MAX_UPLOAD_BYTES:
        raise ValidationError(
            _("The photo %(name)s is larger than 10 MB."), params={"name": upload.name}
        )
    try:
        upload.seek(0)
        with Image.open(upload) as probe:
            image_format = probe.format
            probe.verify()
        upload.seek(0)
        with Image.open(upload) as image:
            image.load()
            image = ImageOps.exif_transpose(image)
            if image.mode not in ("RGB", "L"):
                image = image.convert("RGB")
            image.thumbnail((MAX_EDGE, MAX_EDGE))
            out = io.BytesIO()
            image.save(out, "JPEG", quality=85, optimize=True)
    except (UnidentifiedImageError, OSError, SyntaxError, ValueError, Image.DecompressionBombError):
        raise ValidationError(
            _("The file %(name)s is not a photo we can read (JPEG, PNG, WebP or HEIC)."),
            params={"name": upload.name},
        ) from None
    if image_format not in ACCEPTED_FORMATS:
        raise ValidationError(
            _("The file %(name)s is not a photo we can read (JPEG, PNG, WebP or HEIC)."),
            params={"name": upload.name},
        )
    return ContentFile(out.getvalue(), name="photo.jpg"), image.width, image.height
