"""Uploaded photos: checked by content, turned upright, shrunk, and re-encoded from their
pixels alone (``beteiligung.images``), which drops every piece of metadata, including GPS
positions, camera serial numbers and JPEG comments."""

from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.utils.translation import gettext_lazy as _

from beteiligung.images import MAX_EDGE, MAX_PIXELS, TooManyPixels, UnreadableImage, clean_image

MAX_UPLOAD_BYTES = 10 * 1024 * 1024
ACCEPTED_FORMATS = {"JPEG", "PNG", "WEBP", "GIF", "HEIF", "MPO"}

__all__ = ["MAX_EDGE", "MAX_UPLOAD_BYTES", "process_photo"]


def process_photo(upload) -> tuple[ContentFile, int, int]:
    """Return a clean JPEG of the upload, or raise ValidationError with a German message."""
    if upload.size > MAX_UPLOAD_BYTES:
        raise ValidationError(
            _("The photo %(name)s is larger than 10 MB."), params={"name": upload.name}
        )
    try:
        image = clean_image(upload, formats=ACCEPTED_FORMATS, output_format="JPEG")
    except TooManyPixels as error:
        raise ValidationError(
            _(
                "The photo %(name)s has %(megapixels)s megapixels; at most %(limit)s "
                "megapixels are accepted. Please send a smaller version."
            ),
            params={
                "name": upload.name,
                "megapixels": error.megapixels,
                "limit": MAX_PIXELS // 1_000_000,
            },
        ) from None
    except UnreadableImage:
        raise ValidationError(
            _("The file %(name)s is not a photo we can read (JPEG, PNG, WebP or HEIC)."),
            params={"name": upload.name},
        ) from None
    return ContentFile(image.content, name="photo.jpg"), image.width, image.height
