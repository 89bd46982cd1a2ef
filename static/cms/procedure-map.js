/* The planning area map: background tiles only after consent, a click fills the point. */
(function () {
  "use strict";
  var container = document.getElementById("procedure-map");
  if (!container) { return; }
  var map = window[container.dataset.map];
  if (!map) { return; }
  var button = document.getElementById("load-tiles");
  if (button) {
    button.addEventListener("click", function () {
      L.tileLayer(container.dataset.tileUrl, {
        attribution: container.dataset.tileAttribution, maxZoom: 19
      }).addTo(map);
      button.parentNode.removeChild(button);
    });
  }
  var lat = document.getElementById("id_latitude");
  var lon = document.getElementById("id_longitude");
  if (!lat || !lon) { return; }
  var marker = null;
  function place(latlng) {
    if (marker) { marker.setLatLng(latlng); } else { marker = L.marker(latlng).addTo(map); }
  }
  if (lat.value && lon.value) { place([parseFloat(lat.value), parseFloat(lon.value)]); }
  function pick(event) {
    lat.value = event.latlng.lat.toFixed(6);
    lon.value = event.latlng.lng.toFixed(6);
    place(event.latlng);
  }
  map.on("click", pick);
  map.eachLayer(function (layer) { if (layer.on && layer !== map) { layer.on("click", pick); } });
})();
