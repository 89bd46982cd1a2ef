/* Planning area editor (Wagtail admin only): draw on a map with Leaflet-Geoman, upload a
   GeoJSON or KML file, or type GeoJSON. The textarea is the field that is saved; the map is
   its preview and its drawing tool. Texts come from data attributes, never from code.
   Sub-areas are named in an in-page <dialog> (not window.prompt) and renamed or deleted from
   the list below the map or by a click on the sub-area. */
(function () {
  "use strict";

  var DARMSTADT = [49.8728, 8.6512];

  function polygonsOf(geojson) {
    /* The polygons of any GeoJSON object, as a list of Feature objects. */
    var out = [];
    function walk(obj, properties) {
      if (!obj || typeof obj !== "object") { return; }
      if (obj.type === "FeatureCollection") {
        (obj.features || []).forEach(function (f) { walk(f); });
      } else if (obj.type === "Feature") {
        walk(obj.geometry, obj.properties || {});
      } else if (obj.type === "Polygon" || obj.type === "MultiPolygon") {
        out.push({ type: "Feature", properties: properties || {}, geometry: obj });
      } else if (obj.type === "GeometryCollection") {
        (obj.geometries || []).forEach(function (g) { walk(g, properties); });
      }
    }
    walk(geojson);
    return out;
  }

  function ringFromKml(text) {
    return text.trim().split(/\s+/).map(function (triple) {
      var parts = triple.split(",");
      return [parseFloat(parts[0]), parseFloat(parts[1])];
    }).filter(function (p) { return !isNaN(p[0]) && !isNaN(p[1]); });
  }

  function kmlToGeojson(text) {
    /* Polygons of a KML file (outer and inner rings), each placemark's name kept. */
    var doc = new DOMParser().parseFromString(text, "application/xml");
    if (doc.getElementsByTagName("parsererror").length) { return null; }
    var features = [];
    Array.prototype.forEach.call(doc.getElementsByTagName("Placemark"), function (placemark) {
      var nameNode = placemark.getElementsByTagName("name")[0];
      var name = nameNode ? nameNode.textContent.trim() : "";
      var polygons = [];
      Array.prototype.forEach.call(placemark.getElementsByTagName("Polygon"), function (polygon) {
        var rings = [];
        ["outerBoundaryIs", "innerBoundaryIs"].forEach(function (tag) {
          Array.prototype.forEach.call(polygon.getElementsByTagName(tag), function (boundary) {
            var coords = boundary.getElementsByTagName("coordinates")[0];
            if (coords) { rings.push(ringFromKml(coords.textContent)); }
          });
        });
        if (rings.length && rings[0].length >= 4) { polygons.push(rings); }
      });
      if (polygons.length === 1) {
        features.push({ type: "Feature", properties: { name: name },
                        geometry: { type: "Polygon", coordinates: polygons[0] } });
      } else if (polygons.length > 1) {
        features.push({ type: "Feature", properties: { name: name },
                        geometry: { type: "MultiPolygon", coordinates: polygons } });
      }
    });
    return features.length ? { type: "FeatureCollection", features: features } : null;
  }

  function setUp(editor) {
    var textarea = editor.querySelector("[data-area-text]");
    var status = editor.querySelector("[data-area-status]");
    var subAreas = editor.dataset.kind === "sub_areas";
    var map = L.map(editor.querySelector("[data-area-map]"), { maxZoom: 19 }).setView(DARMSTADT, 11);
    var drawn = L.featureGroup().addTo(map);
    var tilesLoaded = false;

    function say(text) { status.textContent = text || ""; }

    function toText() {
      var features = [];
      drawn.eachLayer(function (layer) {
        var feature = layer.toGeoJSON();
        feature.properties = layer.areaProperties || {};
        features.push(feature);
      });
      listAreas();
      if (!features.length) { textarea.value = ""; return; }
      var value = subAreas ? { type: "FeatureCollection", features: features } : features[0].geometry;
      textarea.value = JSON.stringify(value, null, 1);
    }

    function label(layer) {
      if (!subAreas) { return; }
      layer.unbindTooltip();
      if (layer.areaProperties.name) {
        layer.bindTooltip(document.createTextNode(String(layer.areaProperties.name)));
      }
    }

    function busy() {
      /* A click on a sub-area opens the name dialog only when no Geoman tool is active. */
      return map.pm.globalEditModeEnabled() || map.pm.globalRemovalModeEnabled() ||
        map.pm.globalDragModeEnabled() || Boolean(map.pm.Draw.getActiveShape());
    }

    function watch(layer, properties) {
      layer.areaProperties = properties || {};
      label(layer);
      layer.on("pm:edit pm:dragend pm:cut", toText);
      if (subAreas) {
        layer.on("click", function () { if (!busy()) { dialog.open(layer, false); } });
      }
      drawn.addLayer(layer);
    }

    function listAreas() {
      /* Below the map, one button per sub-area: the keyboard way to rename or delete it. */
      if (!subAreas) { return; }
      var list = editor.querySelector("[data-area-list]");
      list.textContent = "";
      drawn.eachLayer(function (layer) {
        var item = document.createElement("li");
        var button = document.createElement("button");
        button.type = "button";
        button.className = "button button-small button-secondary";
        button.textContent = editor.dataset.labelChange.replace("{name}", String(layer.areaProperties.name || ""));
        button.addEventListener("click", function () { dialog.open(layer, false); });
        layer.areaButton = button;
        item.appendChild(button);
        list.appendChild(item);
      });
      editor.querySelector("[data-area-list-box]").hidden = !drawn.getLayers().length;
    }

    function nameDialog() {
      /* The in-page dialog that names a new sub-area or renames or deletes one. Escape and
         "Abbrechen" cancel; a new drawing without a name is discarded, as with no name. */
      var node = editor.querySelector("[data-area-dialog]");
      if (!node) { return null; }
      var input = node.querySelector("[data-area-name]");
      var error = node.querySelector("[data-area-name-error]");
      var current = null, isNew = false, returnTo = null, fromList = false;

      function close(message) {
        var layer = current, wasNew = isNew;
        current = null;
        if (node.open) { node.close(); }
        if (wasNew && layer && !drawn.hasLayer(layer)) { map.removeLayer(layer); }
        listAreas();
        say(message);
        /* Back to where the planner was; if that is gone (a deleted sub-area's button) or was
           the page itself (drawn with the mouse), to the map. */
        var mapNode = editor.querySelector("[data-area-map]");
        var target = returnTo && returnTo !== document.body && document.contains(returnTo) ? returnTo : mapNode;
        /* The list is drawn anew: back to the same sub-area's new button, or the first one. */
        if (fromList) {
          target = (drawn.hasLayer(layer) && layer.areaButton) ||
            editor.querySelector("[data-area-list] button") || mapNode;
        }
        if (target === mapNode && !mapNode.hasAttribute("tabindex")) { mapNode.tabIndex = -1; }
        target.focus();
        return layer;
      }
      function save() {
        var name = input.value.trim();
        if (!name) {
          error.hidden = false;
          input.setAttribute("aria-invalid", "true");
          input.focus();
          return;
        }
        var layer = current, wasNew = isNew;
        layer.areaProperties = Object.assign({}, layer.areaProperties, { name: name });
        if (wasNew) { map.removeLayer(layer); watch(layer, layer.areaProperties); }
        label(layer);
        toText();
        close(wasNew ? editor.dataset.labelDrawn : editor.dataset.labelRenamed);
      }
      function cancel() {
        if (!current) { return; }
        close(isNew ? editor.dataset.labelCancelled : "");
      }
      function remove() {
        var layer = current;
        if (!isNew) { drawn.removeLayer(layer); }
        toText();
        close(editor.dataset.labelDeleted);
      }
      node.querySelector("[data-area-save]").addEventListener("click", save);
      node.querySelector("[data-area-cancel]").addEventListener("click", cancel);
      node.querySelector("[data-area-delete]").addEventListener("click", remove);
      /* Enter in the field would submit Wagtail's page form: it saves the name instead. */
      input.addEventListener("keydown", function (event) {
        if (event.key === "Enter") { event.preventDefault(); save(); }
      });
      node.addEventListener("cancel", function (event) { event.preventDefault(); cancel(); });

      return {
        open: function (layer, fresh) {
          current = layer;
          isNew = fresh;
          returnTo = document.activeElement;
          /* Remembered now: the list is drawn anew before the dialog closes. */
          fromList = Boolean(returnTo && returnTo.closest && returnTo.closest("[data-area-list]"));
          node.querySelector("[data-area-dialog-title]").textContent =
            fresh ? editor.dataset.labelNewTitle : editor.dataset.labelEditTitle;
          node.querySelector("[data-area-delete]").hidden = fresh;
          input.value = fresh ? "" : String(layer.areaProperties.name || "");
          input.removeAttribute("aria-invalid");
          error.hidden = true;
          node.showModal();
          input.focus();
          input.select();
        }
      };
    }
    var dialog = subAreas ? nameDialog() : null;

    function show(geojson) {
      drawn.clearLayers();
      listAreas();
      var features = polygonsOf(geojson);
      features.forEach(function (feature) {
        L.geoJSON(feature, { style: { color: "#0072B2", weight: 3 } }).eachLayer(function (layer) {
          watch(layer, feature.properties);
        });
      });
      if (features.length) { map.fitBounds(drawn.getBounds(), { maxZoom: 16, padding: [12, 12] }); }
      listAreas();
      return features.length;
    }

    function fromText() {
      var text = textarea.value.trim();
      if (!text) { drawn.clearLayers(); listAreas(); return; }
      try { show(JSON.parse(text)); } catch (error) { say(editor.dataset.labelBadText); }
    }

    map.pm.setLang("de");
    map.pm.addControls({
      position: "topleft",
      drawMarker: false, drawCircleMarker: false, drawPolyline: false, drawCircle: false,
      drawText: false, drawRectangle: true, drawPolygon: true, editMode: true, dragMode: true,
      cutPolygon: false, removalMode: true, rotateMode: false
    });
    /* Geoman names its buttons only by the container's title: give the buttons the name. */
    editor.querySelectorAll(".leaflet-pm-toolbar .button-container[title]").forEach(function (item) {
      var button = item.querySelector(".leaflet-buttons-control-button");
      if (button) { button.setAttribute("aria-label", item.getAttribute("title")); }
    });
    map.on("pm:create", function (event) {
      var properties = {};
      if (subAreas) {
        dialog.open(event.layer, true);  /* the dialog keeps or discards the drawing */
        return;
      } else {
        drawn.clearLayers();  /* one planning area: a new drawing replaces the old one */
      }
      map.removeLayer(event.layer);
      watch(event.layer, properties);
      toText();
      say(editor.dataset.labelDrawn);
    });
    map.on("pm:remove", function (event) {
      drawn.removeLayer(event.layer);
      toText();
    });

    editor.querySelector("[data-area-tiles]").addEventListener("click", function (event) {
      if (tilesLoaded) { return; }
      L.tileLayer(editor.dataset.tileUrl, { attribution: editor.dataset.tileAttribution, maxZoom: 19 }).addTo(map);
      tilesLoaded = true;
      event.currentTarget.hidden = true;
    });
    editor.querySelector("[data-area-clear]").addEventListener("click", function () {
      drawn.clearLayers();
      textarea.value = "";
      listAreas();
      say(editor.dataset.labelCleared);
    });
    editor.querySelector("[data-area-file]").addEventListener("change", function (event) {
      var file = event.target.files[0];
      if (!file) { return; }
      var reader = new FileReader();
      reader.onload = function () {
        var text = String(reader.result);
        var geojson = null;
        if (/\.kml$/i.test(file.name) || /^\s*<\?xml|<kml/i.test(text)) {
          geojson = kmlToGeojson(text);
        } else {
          try { geojson = JSON.parse(text); } catch (error) { geojson = null; }
        }
        if (!geojson || !show(geojson)) { say(editor.dataset.labelBadFile); return; }
        toText();
        say(editor.dataset.labelLoaded);
      };
      reader.readAsText(file);
    });
    textarea.addEventListener("change", fromText);

    /* The map may sit in a tab that is hidden at first: size it when it becomes visible. */
    new ResizeObserver(function () {
      map.invalidateSize();
      if (drawn.getLayers().length) { map.fitBounds(drawn.getBounds(), { maxZoom: 16, padding: [12, 12] }); }
    }).observe(editor.querySelector("[data-area-map]"));
    fromText();
  }

  function start() {
    if (!window.L || !L.PM) { return; }
    document.querySelectorAll("[data-area-editor]:not([data-ready])").forEach(function (editor) {
      editor.dataset.ready = "1";
      setUp(editor);
    });
  }
  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", start);
  } else {
    start();
  }
})();
