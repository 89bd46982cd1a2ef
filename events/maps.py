"""The small map on an event page: folium output embedded in our template, tiles on request."""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.conf import settings

from events.models import EventPage
from geo.embed import cached_embed

if TYPE_CHECKING:
    import folium


def event_map(event: EventPage) -> dict | None:
    """Map parts for the template, or None when the event has no point.

    Only the map's HTML and script are used: folium's header would add its own viewport
    meta tag (blocking zoom) and styles; our template loads Leaflet from our static files.
    """
    if event.latitude is None or event.longitude is None:
        return None
    point = [float(event.latitude), float(event.longitude)]
    embedded = cached_embed(lambda: _build(point), point)
    return {
        "name": embedded.name,
        "html": embedded.html,
        "script": embedded.script,
        "tile_url": settings.MAP_TILE_URL,
        "attribution": settings.MAP_TILE_ATTRIBUTION,
        "needs_consent": settings.MAP_TILES_REQUIRE_CONSENT,
    }


def _build(point: list[float]) -> folium.Map:
    # Imported here: folium costs every process of the portal a quarter of a second at start.
    import folium

    figure_map = folium.Map(location=point, zoom_start=16, tiles=None, control_scale=True)
    folium.Marker(point).add_to(figure_map)
    return figure_map
