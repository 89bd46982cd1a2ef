"""Rendered maps name no host but ours (and the configured tile server)."""

import re

import pytest

from tests.maps.conftest import make_report

pytestmark = pytest.mark.django_db

URL = re.compile(r"""(?:https?:)?//[^\s"'<>)]+""")


def foreign_urls(html: str, allowed: str) -> list[str]:
    return [u for u in URL.findall(html) if not u.startswith(allowed) and "testserver" not in u]


@pytest.mark.parametrize("path", ["/meldungen/", "/meldungen/neu/", "detail"])
def test_a_rendered_map_names_no_other_host(client, category, settings, path):
    report = make_report(category)
    path = f"/meldungen/{report.pk}/" if path == "detail" else path
    html = client.get(path).content.decode()
    assert "folium-map" in html
    tile_host = settings.MAP_TILE_URL.split("{")[0]
    # The attribution links to OpenStreetMap's copyright page; it is text, not a request.
    html = html.replace("https://www.openstreetmap.org/copyright", "")
    assert foreign_urls(html, tile_host) == []


def test_tiles_wait_for_the_visitor_when_consent_is_required(client, category, settings):
    settings.MAP_TILES_REQUIRE_CONSENT = True
    html = client.get("/meldungen/neu/").content.decode()
    assert "data-load-tiles" in html
    assert 'data-tile-consent="1"' in html
    # folium itself adds no tile layer; only static/maps/map.js does, after the click.
    assert "L.tileLayer" not in html
