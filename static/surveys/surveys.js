// Mirrors the server's conditional questions: hide a question until the earlier answer it
// depends on is given. The server decides in the end (hidden answers are discarded).
(function () {
  "use strict";
  var form = document.querySelector("[data-survey-form]");
  if (!form) return;
  var dependents = form.querySelectorAll("[data-condition-field]");
  if (!dependents.length) return;

  function values(name) {
    var result = [];
    form.querySelectorAll('[name="' + name + '"]').forEach(function (input) {
      if ((input.type === "radio" || input.type === "checkbox") && !input.checked) return;
      if (input.value) result.push(input.value);
    });
    return result;
  }

  function update() {
    dependents.forEach(function (block) {
      var name = block.getAttribute("data-condition-field");
      // Only questions in this section can be checked here; others were decided by the server.
      if (!form.querySelector('[name="' + name + '"]')) return;
      var shown = values(name).indexOf(block.getAttribute("data-condition-value")) !== -1;
      var controller = document.getElementById("frage-" + name);
      if (controller && controller.hidden) shown = false;
      block.hidden = !shown;
      var note = block.querySelector(".survey-condition");
      if (note) note.hidden = true;
    });
  }

  form.addEventListener("change", update);
  update();
})();
