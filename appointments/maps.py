"""The small office map on the booking page, built with the shared folium embedding."""

import folium

from appointments.models import Office
from geo.embed import base_map, embed, tile_settings


def office_map(offices: list[Office]) -> dict:
    located = [office for office in offices if office.has_location()]
    if not located:
        return {}
    points = [(float(o.latitude), float(o.longitude)) for o in located]
    fmap = base_map(points[0], zoom=14 if len(points) == 1 else 10)
    for office, point in zip(located, points, strict=True):
        folium.Marker(point, tooltip=office.name).add_to(fmap)
    if len(points) > 1:
        fmap.fit_bounds(points, padding=(30, 30))
    return {"map": embed(fmap), **tile_settings()}
