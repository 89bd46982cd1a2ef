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
  var GREY = "#555555";

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
    return what + ", " + item[5];
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
        var marker = L.marker([item[2], item[3]], { icon: icon(item), title: label(item), keyboard: false });
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
