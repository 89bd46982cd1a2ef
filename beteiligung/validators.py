"""Validators shared by the forms and the Open311 API."""

import re

from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

# C0 and C1 control characters and DEL; tab, line feed and carriage return are text.
CONTROL_CHARACTERS = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f]")
CONTROL_CHARACTERS_MESSAGE = _(
    "The text contains control characters (such as a NUL byte). Please remove them."
)


def has_control_characters(value: str) -> bool:
    return bool(CONTROL_CHARACTERS.search(value))


def validate_no_control_characters(value: str) -> None:
    """Refuse text with control characters: they are never typed, only injected, and a
    NUL byte cannot be stored in PostgreSQL at all."""
    if isinstance(value, str) and has_control_characters(value):
        raise ValidationError(CONTROL_CHARACTERS_MESSAGE, code="control_characters")
