/* Public report map: compact GeoJSON from /meldungen/karte.json, clustered in the browser. */
(function () {
  "use strict";
  var box = document.querySelector("[data-report-map]");
  if (!box) { return; }
  var frame = box.querySelector(".maps-frame");
  var map = window[frame.dataset.map];
  var cluster = window[box.dataset.cluster];
  var labels = JSON.parse(document.getElementById("report-status-labels").textContent);
  var icons = {};

  function icon(category) {
    if (!icons[category.id]) {
      var i = document.createElement("i");
      i.className = "fa-solid fa-" + category.icon;
      i.setAttribute("aria-hidden", "true");
      var holder = document.createElement("span");
      holder.className = "maps-icon";
      holder.style.background = category.colour;
      holder.style.width = holder.style.height = "28px";
      holder.appendChild(i);
      icons[category.id] = L.divIcon({ html: holder.outerHTML, className: "", iconSize: [28, 28] });
    }
    return icons[category.id];
  }

  function popup(feature, category) {
    var wrap = document.createElement("div");
    var link = document.createElement("a");
    link.href = "/meldungen/" + feature.id + "/";
    link.textContent = "#" + feature.id + " " + category.name;
    var status = document.createElement("div");
    status.textContent = labels[feature.properties.s] || feature.properties.s;
    wrap.appendChild(link);
    wrap.appendChild(status);
    return wrap;
  }

  fetch(box.dataset.url, { credentials: "same-origin" })
    .then(function (response) { return response.json(); })
    .then(function (data) {
      var markers = data.features.map(function (feature) {
        var category = data.categories[feature.properties.c];
        category.id = feature.properties.c;
        var c = feature.geometry.coordinates;
        var marker = L.marker([c[1], c[0]], {
          icon: icon(category),
          title: "#" + feature.id + " " + category.name,
          alt: category.name
        });
        marker.bindPopup(function () { return popup(feature, category); });
        return marker;
      });
      cluster.addLayers(markers);
      if (markers.length) { map.fitBounds(cluster.getBounds(), { maxZoom: 15 }); }
    });
})();
