/* Map feedback: public notes from punkte.json, clustered in the browser; a click on the
   map fills the latitude/longitude fields of the form. Without it the form still works. */
(function () {
  "use strict";
  var box = document.querySelector("[data-feedback-map]");
  if (!box) { return; }
  var frame = box.querySelector(".maps-frame");
  var map = window[frame.dataset.map];
  var cluster = window[box.dataset.cluster];
  var icons = [];

  function icon(category, n) {
    if (!icons[n]) {
      var i = document.createElement("i");
      i.className = "fa-solid fa-" + category.icon;
      i.setAttribute("aria-hidden", "true");
      var holder = document.createElement("span");
      holder.className = "maps-icon";
      holder.style.background = category.colour;
      holder.style.width = holder.style.height = "28px";
      holder.appendChild(i);
      icons[n] = L.divIcon({ html: holder.outerHTML, className: "", iconSize: [28, 28] });
    }
    return icons[n];
  }

  fetch(box.dataset.url, { credentials: "same-origin" })
    .then(function (response) { return response.json(); })
    .then(function (data) {
      var markers = data.points.map(function (p) {
        var category = data.categories[p[2]];
        var marker = L.marker([p[0], p[1]], { icon: icon(category, p[2]), title: category.name, alt: category.name });
        marker.bindPopup(function () {
          var link = document.createElement("a");
          link.href = "#kommentar-" + p[3];
          link.textContent = category.name + " (" + p[4] + ")";
          return link;
        });
        return marker;
      });
      cluster.addLayers(markers);
    });

  var lat = document.getElementById("id_latitude");
  var lon = document.getElementById("id_longitude");
  if (box.dataset.pick !== "1" || !lat || !lon) { return; }
  var picked = null;
  function place(latlng) {
    if (!picked) { picked = L.marker(latlng, { title: lat.labels[0] ? lat.labels[0].textContent : "" }).addTo(map); }
    picked.setLatLng(latlng);
  }
  if (lat.value && lon.value) { place([parseFloat(lat.value), parseFloat(lon.value)]); }
  map.on("click", function (event) {
    lat.value = event.latlng.lat.toFixed(6);
    lon.value = event.latlng.lng.toFixed(6);
    place(event.latlng);
  });
})();
