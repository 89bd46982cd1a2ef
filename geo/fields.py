"""Coordinate fields: a point given by a click on a map or typed, the way without a map."""

from decimal import Decimal

from django import forms
from django.utils.translation import gettext_lazy as _


def latitude_field(label: str) -> forms.DecimalField:
    """Latitude in degrees, filled by a click on a map or typed (the non-map way)."""
    return forms.DecimalField(
        label=label,
        max_digits=9,
        decimal_places=6,
        min_value=Decimal(-90),
        max_value=Decimal(90),
        required=False,
        help_text=_("Click on the map to fill in the point, or type it, e.g. 49.872800."),
    )


def longitude_field(label: str) -> forms.DecimalField:
    return forms.DecimalField(
        label=label,
        max_digits=9,
        decimal_places=6,
        min_value=Decimal(-180),
        max_value=Decimal(180),
        required=False,
        help_text=_("e.g. 8.651200"),
    )
