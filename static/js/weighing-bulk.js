/* Weighing table: the bulk edit stays folded until statements are selected (or the planner
   opens it), so the table starts high on the screen. The summary counts the selection and a
   status line tells screen reader users that the bulk edit opened. Texts come from data
   attributes. */
(function () {
  "use strict";
  var box = document.querySelector("[data-bulk-box]");
  var form = document.getElementById("bulk-form");
  if (!box || !form) { return; }
  var count = box.querySelector("[data-bulk-count]");
  var status = document.querySelector("[data-bulk-status]");

  function selected() {
    return form.querySelectorAll("input[name=selected]:checked").length;
  }
  function update(announce) {
    var n = selected();
    count.textContent = n ? count.dataset.labelSome.replace("{count}", n) : count.dataset.labelNone;
    if (n && !box.open) {
      box.open = true;
      if (announce && status) { status.textContent = status.dataset.labelOpened.replace("{count}", n); }
    }
  }
  form.addEventListener("change", function (event) {
    if (event.target.matches("input[name=selected]")) { update(true); }
  });
  update(false);
})();
