/* The assistant's panels in the weighing view: "Take over response" copies a suggestion's
   response and result into the form the panel stands beside (cms marks it with
   data-panel-for); nothing is saved until the planner saves. Texts come from data
   attributes and are only set as values or textContent. */
(function () {
  "use strict";
  if (window.assistPanels) { return; }  // the script is included once per panel
  window.assistPanels = true;

  function announce(button) {
    var status = button.closest("[data-assist-panel]").querySelector("[data-assist-status]");
    if (!status) { return; }
    // Cleared first, so the same announcement twice is read twice.
    status.textContent = "";
    window.setTimeout(function () { status.textContent = button.getAttribute("data-announce"); }, 50);
  }

  function formOf(button) {
    var holder = button.closest("[data-panel-for]");
    return holder && document.getElementById(holder.getAttribute("data-panel-for"));
  }

  // A topic or plan document hint fills its field (and the document's section).
  document.addEventListener("click", function (event) {
    var button = event.target.closest("[data-assist-fill]");
    var form = button && formOf(button);
    if (!form) { return; }
    var name = button.getAttribute("data-field");
    var field = form.querySelector("[name$=" + name + "]");
    if (!field) { return; }
    field.value = button.getAttribute("data-value");
    var section = form.querySelector("[name$=section]");
    if (name === "document" && section && !section.value && button.getAttribute("data-section")) {
      section.value = button.getAttribute("data-section");
    }
    announce(button);
    field.focus();
  });

  document.addEventListener("click", function (event) {
    var button = event.target.closest("[data-assist-take]");
    if (!button) { return; }
    var form = formOf(button);
    if (!form) { return; }
    var response = form.querySelector("textarea[name$=response]");
    var result = form.querySelector("select[name$=result]");
    if (!response) { return; }
    response.value = button.getAttribute("data-response") || "";
    if (result && button.getAttribute("data-result")) { result.value = button.getAttribute("data-result"); }
    response.dispatchEvent(new Event("input", { bubbles: true }));
    announce(button);
    response.focus();
  });
})();
