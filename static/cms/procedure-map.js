/* The planning area map: background tiles only after consent. Clicking it sets the point
   of a statement: static/cms/statement-map.js. */
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
})();
