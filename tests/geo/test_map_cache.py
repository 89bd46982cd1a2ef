"""Maps are built once per change of their data (geo.embed.cached_embed), not per request."""

import folium
from django.utils import translation

from geo.embed import base_map, cached_embed, text_tooltip


def counting_builder(builds: list, title: str):
    def build():
        builds.append(title)
        fmap = base_map()
        text_tooltip(folium.Marker([50.0, 8.2]).add_to(fmap), title)
        return fmap

    return build


def test_the_same_data_is_built_once_and_the_cached_map_is_the_same(db):
    builds = []
    first = cached_embed(counting_builder(builds, "Rathaus"), "Rathaus", [50.0, 8.2])
    second = cached_embed(counting_builder(builds, "Rathaus"), "Rathaus", [50.0, 8.2])

    assert builds == ["Rathaus"]
    assert (second.name, second.script) == (first.name, first.script)
    assert "nonce" not in first.script, "Die Nonce setzt erst die Vorlage jeder Antwort"


def test_changed_data_or_language_builds_the_map_again(db):
    builds = []
    first = cached_embed(counting_builder(builds, "Rathaus"), "Rathaus")
    renamed = cached_embed(counting_builder(builds, "Bürgerbüro"), "Bürgerbüro")
    with translation.override("en"):
        cached_embed(counting_builder(builds, "Rathaus"), "Rathaus")

    assert builds == ["Rathaus", "Bürgerbüro", "Rathaus"]
    assert renamed.script != first.script


def test_the_map_is_built_each_time_while_the_cache_is_down(db, settings):
    settings.CACHES = {
        "default": {
            "BACKEND": "beteiligung.cache.DegradingRedisCache",
            "LOCATION": "redis://127.0.0.1:1/15",
        }
    }
    builds = []
    for _ in range(2):
        cached_embed(counting_builder(builds, "Rathaus"), "Rathaus")

    assert builds == ["Rathaus", "Rathaus"]


def test_named_layers_survive_the_cache(db):
    def build():
        fmap = base_map()
        cluster = folium.plugins.MarkerCluster(name="reports").add_to(fmap)
        return fmap, {"cluster": cluster}

    first = cached_embed(build, "cluster")
    second = cached_embed(build, "cluster")

    assert first.layers["cluster"].startswith("marker_cluster_")
    assert second.layers == first.layers
    assert f"var {first.layers['cluster']} =" in second.script
