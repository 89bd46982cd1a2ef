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


class AreaWidget(forms.Textarea):
    """A planning area (or sub-areas) drawn on a map, uploaded as a GeoJSON/KML file or typed.

    The textarea stays the source of truth and the way without a map; static/js/area-editor.js
    (loaded in the admin only, cms/wagtail_hooks.py) keeps map, file and text in step. An empty
    area shows an empty box, not the JSON literal ``null``."""

    template_name = "geo/area_widget.html"

    def __init__(self, *, kind: str = "area", attrs: dict | None = None) -> None:
        super().__init__(attrs={"rows": 6, "spellcheck": "false", **(attrs or {})})
        self.kind = kind

    def format_value(self, value):
        if value in (None, "", "null", "{}", "[]"):
            return ""
        return super().format_value(value)

    def get_context(self, name, value, attrs):
        from django.conf import settings

        context = super().get_context(name, value, attrs)
        context["widget"]["kind"] = self.kind
        context["widget"]["tile_url"] = settings.MAP_TILE_URL
        context["widget"]["tile_attribution"] = settings.MAP_TILE_ATTRIBUTION
        return context
