"""Folium names CDN hosts for every asset; we serve all of them ourselves.

``use_self_hosted_assets`` rewrites the asset lists of folium's classes once, before the first
map is rendered (geo.embed.embed calls it), to paths under our static files. Not at start-up:
this module imports folium, which costs every process a quarter of a second. Assets we do not
need (Bootstrap, jQuery, glyphicons) are dropped so that they cannot restyle the portal.
"""

import functools
import inspect

import folium
import folium.plugins
from branca.element import Element
from django.conf import settings

LOCAL_ASSETS = {
    "leaflet": "vendor/leaflet/leaflet.js",
    "leaflet_css": "vendor/leaflet/leaflet.css",
    "awesome_markers": "vendor/awesome-markers/leaflet.awesome-markers.js",
    "awesome_markers_css": "vendor/awesome-markers/leaflet.awesome-markers.css",
    "awesome_markers_font_css": "vendor/fontawesome/css/all.min.css",
    "markerclusterjs": "vendor/markercluster/leaflet.markercluster.js",
    "markerclustercss": "vendor/markercluster/MarkerCluster.css",
    "markerclusterdefaultcss": "vendor/markercluster/MarkerCluster.Default.css",
    "leaflet-heat.js": "vendor/heat/leaflet-heat.js",
    "awesome_rotate_css": "css/awesome-rotate.css",
}


def _local(assets: list[tuple[str, str]]) -> list[tuple[str, str]]:
    return [
        (name, settings.STATIC_URL + LOCAL_ASSETS[name])
        for name, _url in assets
        if name in LOCAL_ASSETS
    ]


@functools.cache
def use_self_hosted_assets() -> None:
    members = [*vars(folium).values(), *vars(folium.plugins).values()]
    for cls in {m for m in members if inspect.isclass(m) and issubclass(m, Element)}:
        for attr in ("default_js", "default_css"):
            if attr in vars(cls):
                setattr(cls, attr, _local(getattr(cls, attr)))
