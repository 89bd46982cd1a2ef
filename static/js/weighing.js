/* Weighing views: answer templates fill the response (statement, segment and group forms),
   keyboard shortcuts, a small map, and taking a selected passage over into a new segment.
   All data arrives as JSON (json_script); texts are only ever set as values or textContent. */
(function () {
  "use strict";

  function data(id) {
    var node = document.getElementById(id);
    return node ? JSON.parse(node.textContent) : null;
  }

  var templates = data("weighing-answer-templates") || {};
  Array.prototype.forEach.call(document.querySelectorAll("[data-answer-form]"), function (answerForm) {
    var chooser = answerForm.querySelector("select[name$=answer_template]");
    var answer = answerForm.querySelector("textarea[name$=response]");
    var decision = answerForm.querySelector("select[name$=result]");
    if (!chooser || !answer) { return; }
    chooser.addEventListener("change", function () {
      var template = templates[chooser.value];
      if (!template) { return; }
      answer.value = template.text;
      if (decision && template.result && !decision.value) { decision.value = template.result; }
      answer.focus();
    });
  });

  // A selection inside the statement text becomes the new segment's first and last character.
  // The page's text has the browser's line ends; the stored text may have \r\n, so offsets are
  // mapped back onto the stored text.
  var source = document.querySelector("[data-statement-source]");
  var newSegment = document.querySelector("[data-new-segment]");
  var original = data("weighing-statement-text");
  if (source && newSegment && original !== null) {
    var take = newSegment.querySelector("[data-take-selection]");
    var status = newSegment.querySelector("[data-selection-status]");
    var toOriginal = function (offset) {
      var i = 0, seen = 0;
      while (seen < offset && i < original.length) {
        if (original[i] !== "\r") { seen += 1; }
        i += 1;
      }
      return i;
    };
    var offsetIn = function (node, offset) {
      var range = document.createRange();
      range.setStart(source, 0);
      range.setEnd(node, offset);
      return range.toString().length;
    };
    take.addEventListener("click", function () {
      var selection = window.getSelection();
      if (!selection || selection.rangeCount === 0 || selection.isCollapsed ||
          !source.contains(selection.anchorNode) || !source.contains(selection.focusNode)) {
        status.textContent = take.getAttribute("data-none") || "Bitte markieren Sie zuerst einen Abschnitt im Text der Stellungnahme.";
        return;
      }
      var range = selection.getRangeAt(0);
      var start = toOriginal(offsetIn(range.startContainer, range.startOffset));
      var end = toOriginal(offsetIn(range.endContainer, range.endOffset));
      newSegment.querySelector("[name$=start]").value = start;
      newSegment.querySelector("[name$=end]").value = end;
      var passage = newSegment.querySelector("[name$=passage]");
      if (passage) { passage.value = original.slice(start, end); }
      status.textContent = (take.getAttribute("data-taken") || "Zeichen %s bis %s übernommen.")
        .replace("%s", start).replace("%s", end);
      var topic = newSegment.querySelector("[name$=topic]");
      if (topic) { topic.focus(); }
    });
  }

  var form = document.querySelector("[data-weighing-form]");
  if (!form) { return; }
  var response = form.querySelector("[name=response]");

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
