/* The planners' map: compact data from daten.json (same filters as the page), drawn as
   client-side clusters and a heat layer; checkboxes show or hide categories and sources. */
(function () {
  "use strict";
  var box = document.querySelector("[data-planner-map]");
  if (!box) { return; }
  var frame = box.querySelector(".maps-frame");
  var map = window[frame.dataset.map];
  var cluster = window[box.dataset.cluster];
  var heat = window[box.dataset.heat];
  var status = box.querySelector("[data-planner-status]");
  var layers = document.querySelector("[data-planner-layers]");
  var statusLabels = JSON.parse(document.getElementById("planner-status-labels").textContent);
  var data = null;
  var markers = [];
  var icons = {};
  var GREY = "#7f7f7f";
  var lang = document.documentElement.lang || "de";
  var dates = new Intl.DateTimeFormat(lang, { day: "numeric", month: "long", year: "numeric" });

  function day(iso) {
    /* "2026-12-01" -> "1. Dezember 2026" in the page's language. */
    var parts = String(iso).split("-");
    if (parts.length !== 3) { return String(iso); }
    return dates.format(new Date(Number(parts[0]), Number(parts[1]) - 1, Number(parts[2])));
  }

  /* A cluster is a ring: each category's share in its colour, the count in the middle.
     Colours come from the data (palette values checked on the server), text as textContent. */
  function clusterIcon(group) {
    var counts = {}, total = 0;
    group.getAllChildMarkers().forEach(function (marker) {
      var key = marker.options.colour || GREY;
      counts[key] = (counts[key] || 0) + 1;
      total += 1;
    });
    var stops = [], start = 0;
    Object.keys(counts).sort().forEach(function (key) {
      var end = start + counts[key] / total * 100;
      stops.push(key + " " + start.toFixed(2) + "% " + end.toFixed(2) + "%");
      start = end;
    });
    var size = total < 10 ? 30 : total < 100 ? 38 : 46;
    var ring = document.createElement("div");
    ring.className = "planner-cluster";
    ring.style.width = ring.style.height = size + "px";
    ring.style.background = "conic-gradient(" + stops.join(", ") + ")";
    var count = document.createElement("span");
    count.textContent = String(total);
    ring.appendChild(count);
    return L.divIcon({ html: ring, className: "", iconSize: [size, size] });
  }
  cluster.options.iconCreateFunction = clusterIcon;

  function colour(item) {
    return item[4] === null ? GREY : data.categories[item[4]].colour;
  }

  function icon(item) {
    var key = item[0] + ":" + item[4];
    if (!icons[key]) {
      var dot = document.createElement("span");
      dot.className = "maps-icon";
      dot.style.background = colour(item);
      dot.style.width = dot.style.height = "16px";
      if (item[0] !== "pin") { dot.style.borderRadius = "2px"; }
      icons[key] = L.divIcon({ html: dot.outerHTML, className: "", iconSize: [16, 16] });
    }
    return icons[key];
  }

  function label(item) {
    var what = item[4] === null ? data.sources[item[0]] : data.categories[item[4]].name;
    return what + ", " + day(item[5]);
  }

  function popup(item) {
    var wrap = document.createElement("div");
    var title = document.createElement("strong");
    title.textContent = label(item);
    var state = document.createElement("div");
    state.textContent = statusLabels[item[0] + ":" + item[6]] || item[6];
    var text = document.createElement("p");
    text.textContent = item[7];
    var link = document.createElement("a");
    link.href = data.links[item[0]] + item[1] + (item[0] === "pin" ? "" : "/");
    link.textContent = box.dataset.openLabel;
    wrap.append(title, state, text, link);
    return wrap;
  }

  function visible() {
    var categories = {}, sources = {};
    if (layers) {
      layers.querySelectorAll("[data-category]").forEach(function (box) { categories[box.dataset.category] = box.checked; });
      layers.querySelectorAll("[data-source]").forEach(function (box) { sources[box.dataset.source] = box.checked; });
    }
    return function (item) {
      if (sources[item[0]] === false) { return false; }
      return item[4] === null || categories[item[4]] !== false;
    };
  }

  function draw() {
    var show = visible();
    var shown = [], points = [];
    data.items.forEach(function (item, n) {
      if (show(item)) {
        shown.push(markers[n]);
        points.push([item[2], item[3]]);
      }
    });
    cluster.clearLayers();
    cluster.addLayers(shown);
    heat.setLatLngs(points);
    status.textContent = shown.length + " / " + data.items.length;
  }

  fetch(box.dataset.url, { credentials: "same-origin" })
    .then(function (response) { return response.json(); })
    .then(function (result) {
      data = result;
      markers = data.items.map(function (item) {
        var marker = L.marker([item[2], item[3]], { icon: icon(item), title: label(item), keyboard: false, colour: colour(item) });
        marker.bindPopup(function () { return popup(item); });
        return marker;
      });
      if (layers) {
        layers.hidden = false;
        layers.addEventListener("change", draw);
      }
      draw();
    });
})();
