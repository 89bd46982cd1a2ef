"""Our folium elements for text on a map, and folium's own text elements they replace
(see geo.embed, which explains the hole in folium's). Imported only where a map is built:
folium costs every process a quarter of a second at start."""

from collections.abc import Sequence

import folium
from branca.element import MacroElement
from folium.template import Template

# Folium elements that put their text into the script as code or HTML.
UNSAFE_TEXT_ELEMENTS = (
    folium.Tooltip,
    folium.Popup,
    folium.GeoJsonTooltip,
    folium.GeoJsonPopup,
)


class TextTooltip(MacroElement):
    """A tooltip on its parent layer that shows ``text`` as plain text."""

    _template = Template(
        """
        {% macro script(this, kwargs) %}
            {{ this._parent.get_name() }}.bindTooltip(
                (function (text) {
                    var node = document.createElement("span");
                    node.textContent = text;
                    return node;
                })({{ this.text|tojavascript }}),
                {{ this.options|tojavascript }}
            );
        {% endmacro %}
        """
    )

    def __init__(self, text: str, **options) -> None:
        super().__init__()
        self._name = "TextTooltip"
        self.text = str(text)
        self.options = options


class FeatureTooltip(MacroElement):
    """A tooltip on a GeoJson layer: a table of feature properties, each cell plain text."""

    _template = Template(
        """
        {% macro script(this, kwargs) %}
            {{ this._parent.get_name() }}.bindTooltip(function (layer) {
                var fields = {{ this.fields|tojavascript }};
                var labels = {{ this.labels|tojavascript }};
                var properties = (layer.feature && layer.feature.properties) || {};
                var table = document.createElement("table");
                fields.forEach(function (field, n) {
                    var row = table.insertRow();
                    var label = document.createElement("th");
                    label.scope = "row";
                    label.textContent = labels[n];
                    row.appendChild(label);
                    var value = properties[field];
                    row.insertCell().textContent =
                        value === null || value === undefined ? "" : String(value);
                });
                return table;
            }, {{ this.options|tojavascript }});
        {% endmacro %}
        """
    )

    def __init__(self, fields: Sequence[str], labels: Sequence[str], **options) -> None:
        super().__init__()
        self._name = "FeatureTooltip"
        self.fields = [str(field) for field in fields]
        self.labels = [str(label) for label in labels]
        self.options = options
