"""Uploaded images carry nothing but pixels: the one place every upload path cleans them.

The header is read first and an image over ``MAX_PIXELS`` is refused before any pixel is
decoded (a 419 KB PNG can declare 144 megapixels, ~430 MB once decoded). Accepted images
are turned upright by their EXIF orientation, shrunk to ``MAX_EDGE`` and rebuilt from their
pixels alone, so no EXIF (GPS, camera serial), ICC profile, XMP, JPEG comment or PNG text
chunk survives: the saved file holds only what the encoder writes for bare pixels.
"""

import io
from dataclasses import dataclass
from typing import IO

from PIL import Image, ImageOps, UnidentifiedImageError

MAX_PIXELS = 40_000_000  # 40 megapixels: any phone photo, and a bound on decoding memory
MAX_EDGE = 2048  # longest side after shrinking, as FixMyStreet does

try:  # Phones send HEIC; pillow-heif is there when Wagtail's image stack brought it.
    from pillow_heif import register_heif_opener

    register_heif_opener()
except ImportError:  # pragma: no cover
    pass

# What Pillow raises for broken or hostile files while reading a header or decoding.
READ_ERRORS = (UnidentifiedImageError, OSError, SyntaxError, ValueError, EOFError)


class UnreadableImage(Exception):
    """The file is no image of an accepted format."""


class TooManyPixels(Exception):
    def __init__(self, width: int, height: int) -> None:
        super().__init__(f"{width} × {height} pixels")
        self.width, self.height = width, height

    @property
    def megapixels(self) -> int:
        return round(self.width * self.height / 1_000_000)


@dataclass
class CleanImage:
    content: bytes
    format: str  # Pillow's name: "JPEG", "PNG", "WEBP"
    width: int
    height: int


def _bare_pixels(image: Image.Image) -> Image.Image:
    """A new image with the same pixels and nothing else (info, EXIF, ICC all left behind)."""
    bare = Image.frombytes(image.mode, image.size, image.tobytes())
    if image.mode in ("P", "PA"):
        bare.putpalette(image.getpalette())
        if "transparency" in image.info:  # part of the pixels, not metadata
            bare.info["transparency"] = image.info["transparency"]
    return bare


def clean_image(
    upload: IO[bytes],
    *,
    formats: set[str],
    output_format: str | None = None,
    max_edge: int = MAX_EDGE,
) -> CleanImage:
    """Check, orient, shrink and re-encode an uploaded image.

    ``formats`` are the accepted input formats (Pillow names); the result is written as
    ``output_format`` or, without one, in the input's format. Raises ``UnreadableImage``
    or ``TooManyPixels``; callers turn them into a message next to their field.
    """
    try:
        upload.seek(0)
        with Image.open(upload) as probe:  # reads the header only
            if probe.format not in formats:
                raise UnreadableImage
            width, height = probe.size
            if width * height > MAX_PIXELS:
                raise TooManyPixels(width, height)
            source_format = probe.format
            probe.verify()
        upload.seek(0)
        with Image.open(upload) as image:
            # JPEG can decode at 1/2, 1/4 or 1/8 scale straight away: less memory and time.
            image.draft(image.mode, (max_edge, max_edge))
            image = ImageOps.exif_transpose(image)  # decodes; upright before EXIF is gone
            target = output_format or source_format
            if target == "JPEG" and image.mode not in ("RGB", "L"):
                image = image.convert("RGB")
            elif image.mode not in ("RGB", "RGBA", "L", "LA", "P", "PA"):
                image = image.convert("RGBA" if "A" in image.getbands() else "RGB")
            image.thumbnail((max_edge, max_edge))
            bare = _bare_pixels(image)
    except (TooManyPixels, UnreadableImage):
        raise
    except (*READ_ERRORS, Image.DecompressionBombError) as error:
        raise UnreadableImage from error
    out = io.BytesIO()
    options = {"quality": 85, "optimize": True} if target in ("JPEG", "WEBP") else {}
    bare.save(out, target, **options)
    return CleanImage(out.getvalue(), target, bare.width, bare.height)
