/* Weighing detail view: answer templates fill the response, keyboard shortcuts, a small map.
   All data arrives as JSON (json_script); texts are only ever set as values or textContent. */
(function () {
  "use strict";
  var form = document.querySelector("[data-weighing-form]");
  if (!form) { return; }

  function data(id) {
    var node = document.getElementById(id);
    return node ? JSON.parse(node.textContent) : null;
  }

  var templates = data("weighing-answer-templates") || {};
  var chooser = form.querySelector("[name=answer_template]");
  var response = form.querySelector("[name=response]");
  var result = form.querySelector("[name=result]");
  if (chooser && response) {
    chooser.addEventListener("change", function () {
      var template = templates[chooser.value];
      if (!template) { return; }
      response.value = template.text;
      if (result && template.result && !result.value) { result.value = template.result; }
      response.focus();
    });
  }

  function typing(target) {
    return target.closest("input, textarea, select, [contenteditable]") !== null;
  }
  function follow(selector) {
    var link = document.querySelector(selector);
    if (link) { window.location.href = link.href; }
  }
  function saveAndNext() {
    form.querySelector("[data-key-save]").click();
  }
  document.addEventListener("keydown", function (event) {
    if (event.key === "Enter" && (event.ctrlKey || event.metaKey) && form.contains(event.target)) {
      event.preventDefault();
      saveAndNext();
      return;
    }
    if (event.ctrlKey || event.metaKey || event.altKey || typing(event.target)) { return; }
    if (event.key === "j") { follow("[data-key-next]"); }
    else if (event.key === "k") { follow("[data-key-previous]"); }
    else if (event.key === "s") { event.preventDefault(); saveAndNext(); }
    else if (event.key === "r" && response) { event.preventDefault(); response.focus(); }
  });

  var mapNode = document.querySelector("[data-weighing-map]");
  var location = data("weighing-location");
  if (mapNode && location && window.L) {
    var map = L.map(mapNode, { zoomControl: true, attributionControl: true }).setView([location.lat, location.lng], 14);
    var area = data("weighing-area");
    if (area) { L.geoJSON(area, { style: { color: "#0072B2", weight: 2, fillOpacity: 0.05 }, interactive: false }).addTo(map); }
    L.circleMarker([location.lat, location.lng], { radius: 8, color: "#000", weight: 2, fillColor: "#D55E00", fillOpacity: 1 }).addTo(map);
  }
})();
