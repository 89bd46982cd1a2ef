/* The point of a statement: a click on a map marked [data-pick-point] (the small map at the
   location fields, and the planning area map) fills latitude and longitude; typing them
   moves the marker. Without this script the fields are plain inputs. */
(function () {
  "use strict";
  var lat = document.getElementById("id_latitude");
  var lon = document.getElementById("id_longitude");
  if (!lat || !lon || !window.L) { return; }
  var status = document.getElementById("point-status");
  var maps = [];
  var message = "";
  document.querySelectorAll("[data-pick-point]").forEach(function (box) {
    var map = window[box.dataset.map];
    if (map) { maps.push({ map: map, marker: null }); }
    if (box.dataset.picked) { message = box.dataset.picked; }
  });

  function show(latlng, pan) {
    maps.forEach(function (entry) {
      if (entry.marker) {
        entry.marker.setLatLng(latlng);
      } else {
        entry.marker = L.marker(latlng, { keyboard: false }).addTo(entry.map);
      }
      if (pan) { entry.map.panTo(latlng); }
    });
  }

  function pick(event) {
    lat.value = event.latlng.lat.toFixed(6);
    lon.value = event.latlng.lng.toFixed(6);
    show(event.latlng, false);
    if (status && message) {
      status.textContent = message.replace("{lat}", lat.value).replace("{lon}", lon.value);
    }
  }

  function fromFields(pan) {
    var y = parseFloat(lat.value.replace(",", "."));
    var x = parseFloat(lon.value.replace(",", "."));
    if (isFinite(y) && isFinite(x) && Math.abs(y) <= 90 && Math.abs(x) <= 180) {
      show([y, x], pan);
    }
  }

  maps.forEach(function (entry) {
    entry.map.on("click", pick);
    // A click on the planning area itself reaches the area's layer, not the map.
    entry.map.eachLayer(function (layer) {
      if (layer.on && layer !== entry.map) { layer.on("click", pick); }
    });
  });
  lat.addEventListener("change", function () { fromFields(true); });
  lon.addEventListener("change", function () { fromFields(true); });
  fromFields(false);
})();
