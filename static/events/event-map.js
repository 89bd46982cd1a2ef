// Loads the map tiles from the tile server only when the visitor asks for them (or at once
// when the site does not require consent), then removes the button.
(function () {
  "use strict";
  document.querySelectorAll("[data-event-map]").forEach(function (box) {
    var name = box.dataset.eventMap;
    var map = window[name];
    if (!map) { return; }
    var button = document.querySelector('[data-load-tiles-for="' + name + '"]');
    function loadTiles() {
      L.tileLayer(box.dataset.tileUrl, { attribution: box.dataset.attribution, maxZoom: 19 }).addTo(map);
      if (button) { button.remove(); }
    }
    if (button) {
      button.addEventListener("click", loadTiles);
    } else {
      loadTiles();
    }
  });
})();
