"""The planning area of a procedure as a folium map, embedded in our own page.

geo.embed takes folium's parts apart instead of using its standalone page: the asset tags
(already rewritten to our static files by geo.assets), the map's <div> and its script,
which gets the page's CSP nonce. Folium's page-wide styles (html, body) are dropped.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.conf import settings
from django.utils.html import format_html
from django.utils.safestring import SafeString

from cms.procedures import ProcedurePage
from geo.areas import area_geometry
from geo.embed import cached_embed

if TYPE_CHECKING:
    import folium


def area_map(procedure: ProcedurePage, nonce: str) -> dict[str, SafeString] | None:
    geometry = area_geometry(procedure.planning_area)
    if not geometry:
        return None
    embedded = cached_embed(lambda: _build(procedure, geometry), geometry, procedure.title)
    return {
        "name": embedded.name,
        "head": embedded.head,
        "html": embedded.html,
        "script": format_html('<script nonce="{}">{}</script>', nonce, embedded.script),
        "tile_url": settings.MAP_TILE_URL,
        "tile_attribution": settings.MAP_TILE_ATTRIBUTION,
        "needs_consent": settings.MAP_TILES_REQUIRE_CONSENT,
    }


def _build(procedure: ProcedurePage, geometry: dict) -> folium.Map:
    # Imported here: folium and shapely cost every process of the portal 0.3 s at start.
    import folium
    from shapely.geometry import shape

    folium_map = folium.Map(tiles=None, control_scale=True, prefer_canvas=False)
    folium.GeoJson(
        geometry,
        name=str(procedure.title),
        style_function=lambda feature: {"color": "#004b87", "weight": 3, "fillOpacity": 0.12},
    ).add_to(folium_map)
    minx, miny, maxx, maxy = shape(geometry).bounds
    folium_map.fit_bounds([[miny, minx], [maxy, maxx]])
    if not settings.MAP_TILES_REQUIRE_CONSENT:
        folium.TileLayer(tiles=settings.MAP_TILE_URL, attr=settings.MAP_TILE_ATTRIBUTION).add_to(
            folium_map
        )
    return folium_map
