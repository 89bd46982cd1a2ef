"""The small office map on the booking page, built with the shared folium embedding."""

from __future__ import annotations

from typing import TYPE_CHECKING

from appointments.models import Office
from geo.embed import base_map, cached_embed, text_tooltip, tile_settings

if TYPE_CHECKING:
    import folium


def office_map(offices: list[Office]) -> dict:
    located = [office for office in offices if office.has_location()]
    if not located:
        return {}
    points = [(float(o.latitude), float(o.longitude)) for o in located]
    names = [str(office.name) for office in located]
    return {"map": cached_embed(lambda: _build(names, points), names, points), **tile_settings()}


def _build(names: list[str], points: list[tuple[float, float]]) -> folium.Map:
    # Imported here: folium costs every process of the portal a quarter of a second at start.
    import folium

    fmap = base_map(points[0], zoom=14 if len(points) == 1 else 10)
    for name, point in zip(names, points, strict=True):
        text_tooltip(folium.Marker(point).add_to(fmap), name)
    if len(points) > 1:
        fmap.fit_bounds(points, padding=(30, 30))
    return fmap
