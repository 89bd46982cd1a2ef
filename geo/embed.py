"""Render a folium map into our own templates: asset tags, the map's <div> and its script.

Folium's figure header also carries page-wide styles (``html, body {height: 100%}``) and an
inline script meant for a standalone page; we take only the asset links from it, so the
map fits into the portal's layout and its strict Content Security Policy.
"""

from dataclasses import dataclass

import folium
from branca.element import CssLink, JavascriptLink
from django.conf import settings
from django.utils.safestring import SafeString, mark_safe

WIESBADEN = (50.0826, 8.2400)


@dataclass
class EmbeddedMap:
    name: str
    head: SafeString
    html: SafeString
    script: SafeString


def base_map(location=WIESBADEN, zoom: int = 13) -> folium.Map:
    # No tiles here: the visitor loads them with a click (static/maps/map.js), see settings.
    # Without a tile layer Leaflet knows no zoom limits, which marker clustering needs.
    return folium.Map(
        location=list(location), zoom_start=zoom, tiles=None, control_scale=True, maxZoom=19
    )


def embed(fmap: folium.Map) -> EmbeddedMap:
    figure = fmap.get_root()
    figure.render()
    links = [
        child.render()
        for child in figure.header._children.values()
        if isinstance(child, (JavascriptLink, CssLink))
    ]
    # Folium JSON-encodes the data it puts into the script, but JSON may hold "</", which
    # would close the <script> element early; escaping it keeps editors' texts inert.
    script = figure.script.render().replace("</", "<\\/")
    return EmbeddedMap(
        name=fmap.get_name(),
        head=mark_safe("\n".join(links)),  # noqa: S308 (our own static URLs)
        html=mark_safe(figure.html.render()),  # noqa: S308 (folium's empty <div>)
        script=mark_safe(script),  # noqa: S308 (generated code, data escaped above)
    )


def tile_settings() -> dict:
    return {
        "tile_url": settings.MAP_TILE_URL,
        "tile_attribution": settings.MAP_TILE_ATTRIBUTION,
        "tiles_require_consent": settings.MAP_TILES_REQUIRE_CONSENT,
    }
