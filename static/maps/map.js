/* Map tiles: loaded at once, or (when the site requires consent) after the button is used. */
(function () {
  "use strict";
  function addTiles(frame) {
    var map = window[frame.dataset.map];
    if (!map || frame.dataset.tilesLoaded) { return; }
    L.tileLayer(frame.dataset.tileUrl, {
      attribution: frame.dataset.tileAttribution,
      maxZoom: 19
    }).addTo(map);
    frame.dataset.tilesLoaded = "1";
    var consent = frame.querySelector(".maps-consent");
    if (consent) { consent.hidden = true; }
  }
  document.querySelectorAll(".maps-frame").forEach(function (frame) {
    if (frame.dataset.tileConsent !== "1" || sessionStorage.getItem("maps-tiles") === "1") {
      addTiles(frame);
      return;
    }
    var button = frame.querySelector("[data-load-tiles]");
    if (button) {
      button.addEventListener("click", function () {
        sessionStorage.setItem("maps-tiles", "1");
        document.querySelectorAll(".maps-frame").forEach(addTiles);
      });
    }
  });
})();
