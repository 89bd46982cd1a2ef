"""Render a folium map into our own templates: asset tags, the map's <div> and its script.

Folium's figure header also carries page-wide styles (``html, body {height: 100%}``) and an
inline script meant for a standalone page; we take only the asset links from it, so the
map fits into the portal's layout and its strict Content Security Policy.

Text on a map (tooltips) goes through ``text_tooltip`` and ``feature_tooltip`` only. Folium's
own ``Tooltip``/``Popup`` write the text into a JavaScript template literal that Leaflet
then sets as HTML, so a backtick, ``${…}`` or a tag in an office or category name ran as
code for every visitor. Ours pass the text as a JSON string and set it as ``textContent``
of a DOM node: it can only ever be shown. ``embed`` refuses a map that still carries one
of folium's text elements, so a new caller cannot bring the hole back by accident.

Folium and branca (which brings NumPy) are imported inside the functions that build or render
a map, never at the top of a module: they cost every process of the portal a quarter of a
second at start, and most (the queue, management commands) never draw a map. The tooltip
elements live in geo.tooltips for the same reason.
"""

from __future__ import annotations

import functools
import hashlib
import importlib.metadata
import json
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from django.conf import settings
from django.core.cache import cache
from django.utils import translation
from django.utils.safestring import SafeString, mark_safe

if TYPE_CHECKING:
    import folium
    from branca.element import Element

WIESBADEN = (50.0826, 8.2400)
# A built map is kept this long after its last change; its key changes with its data.
MAP_CACHE_SECONDS = 24 * 60 * 60


@dataclass
class EmbeddedMap:
    name: str
    head: SafeString
    html: SafeString
    script: SafeString
    # Names of layers the page's own script addresses (e.g. a marker cluster it fills).
    layers: dict[str, str] = field(default_factory=dict)


def text_tooltip(layer: Element, text: str, **options) -> Element:
    """Give a marker (or any layer) a tooltip that shows ``text`` literally."""
    from geo.tooltips import TextTooltip

    TextTooltip(text, **options).add_to(layer)
    return layer


def feature_tooltip(
    layer: folium.GeoJson, fields: Sequence[str], labels: Sequence[str], **options
) -> folium.GeoJson:
    """Give each feature of a GeoJson layer a tooltip with the named properties as text."""
    from geo.tooltips import FeatureTooltip

    FeatureTooltip(fields, labels, **options).add_to(layer)
    return layer


def base_map(location=WIESBADEN, zoom: int = 13) -> folium.Map:
    import folium

    # No tiles here: the visitor loads them with a click (static/maps/map.js), see settings.
    # Without a tile layer Leaflet knows no zoom limits, which marker clustering needs.
    return folium.Map(
        location=list(location), zoom_start=zoom, tiles=None, control_scale=True, maxZoom=19
    )


def _elements(element: Element) -> Iterator[Element]:
    for child in element._children.values():
        yield child
        yield from _elements(child)


def embed(fmap: folium.Map, layers: dict[str, Element] | None = None) -> EmbeddedMap:
    from branca.element import CssLink, JavascriptLink

    from geo.assets import use_self_hosted_assets
    from geo.tooltips import UNSAFE_TEXT_ELEMENTS

    use_self_hosted_assets()
    unsafe = [el for el in _elements(fmap) if isinstance(el, UNSAFE_TEXT_ELEMENTS)]
    if unsafe:
        raise TypeError(
            f"{type(unsafe[0]).__name__} puts its text into the map's script as code; "
            "use geo.embed.text_tooltip or feature_tooltip."
        )
    figure = fmap.get_root()
    figure.render()
    links = [
        child.render()
        for child in figure.header._children.values()
        if isinstance(child, (JavascriptLink, CssLink))
    ]
    # Texts reach the script as JSON strings with <, >, & and ' escaped (folium's
    # tojavascript). JSON that folium writes otherwise may still hold "</" or "<!--", which
    # would end or confuse the <script> element; "<\/" and "<\!--" mean the same in a string.
    script = figure.script.render().replace("</", "<\\/").replace("<!--", "<\\!--")
    return EmbeddedMap(
        name=fmap.get_name(),
        head=mark_safe("\n".join(links)),  # noqa: S308 (our own static URLs)
        html=mark_safe(figure.html.render()),  # noqa: S308 (folium's empty <div>)
        script=mark_safe(script),  # noqa: S308 (generated code, texts passed as data)
        layers={key: layer.get_name() for key, layer in (layers or {}).items()},
    )


def cached_embed(
    build: Callable[[], folium.Map | tuple[folium.Map, dict[str, Element]]], *data
) -> EmbeddedMap:
    """``embed(build())``, built once per change of ``data`` instead of on every request.

    Folium assembles the map and renders its jinja2 templates each time (a tenth of a page's
    time); the embedded parts hold no nonce (the templates add it), so they can be shared.
    ``data`` is everything the map draws (areas, points, titles, statuses): the cache key is
    its digest, with the language, folium's version and the asset and tile settings, so a
    change of any of them builds the map afresh. A cache outage builds it every time.
    ``build`` may return the map with the layers to name (``EmbeddedMap.layers``).
    """
    facts = [
        _folium_version(),
        settings.STATIC_URL,
        settings.MAP_TILE_URL,
        settings.MAP_TILES_REQUIRE_CONSENT,
        translation.get_language(),
        data,
    ]
    digest = hashlib.sha256(json.dumps(facts, default=str, sort_keys=True).encode()).hexdigest()
    key = f"geo:map:{digest}"
    embedded = cache.get(key)
    if embedded is None:
        built = build()
        embedded = embed(*built) if isinstance(built, tuple) else embed(built)
        cache.set(key, embedded, MAP_CACHE_SECONDS)
    return embedded


@functools.cache
def _folium_version() -> str:
    # Read from the package's metadata: a map served from the cache needs no folium import.
    return importlib.metadata.version("folium")


def tile_settings() -> dict:
    return {
        "tile_url": settings.MAP_TILE_URL,
        "tile_attribution": settings.MAP_TILE_ATTRIBUTION,
        "tiles_require_consent": settings.MAP_TILES_REQUIRE_CONSENT,
    }
