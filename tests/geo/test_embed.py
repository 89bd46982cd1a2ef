"""The shared map embedding passes texts to the map as data and refuses folium's text
elements, which write text into the script as code."""

import folium
import pytest

from geo.embed import base_map, embed, feature_tooltip, text_tooltip

PAYLOAD = "`${alert(1)}`</script><img src=x onerror=alert(2)>"


@pytest.mark.parametrize(
    "add",
    [
        lambda fmap: folium.Marker([50, 8], tooltip="Bürgerbüro").add_to(fmap),
        lambda fmap: folium.Marker([50, 8], popup="Bürgerbüro").add_to(fmap),
        lambda fmap: folium.GeoJson(
            {"type": "Point", "coordinates": [8, 50]},
            tooltip=folium.GeoJsonTooltip(fields=["name"]),
        ).add_to(fmap),
    ],
)
def test_it_refuses_a_map_with_folium_tooltips_or_popups(add):
    fmap = base_map()
    add(fmap)

    with pytest.raises(TypeError, match="text_tooltip"):
        embed(fmap)


def test_tooltip_text_reaches_the_script_as_an_escaped_json_string():
    fmap = base_map()
    text_tooltip(folium.Marker([50, 8]).add_to(fmap), PAYLOAD)

    script = embed(fmap).script

    assert "`${alert(1)}`\\u003c/script\\u003e\\u003cimg src=x onerror=alert(2)\\u003e" in script
    assert "</script>" not in script and "<img" not in script
    assert "textContent = text" in script


def test_feature_tooltip_fields_and_labels_are_data():
    fmap = base_map()
    layer = folium.GeoJson(
        {
            "type": "Feature",
            "properties": {"name": PAYLOAD},
            "geometry": {"type": "Point", "coordinates": [8, 50]},
        }
    ).add_to(fmap)
    feature_tooltip(layer, ["name"], [PAYLOAD])

    script = embed(fmap).script

    assert "innerHTML" not in script
    assert "</script>" not in script and "<img" not in script
