/* After a form came back with errors, move the focus to the error summary so that screen
   reader and keyboard users start there (it lists every error with a link to its field).
   On "load", because jumping to the form's #anchor would otherwise take the focus back. */
window.addEventListener("load", function () {
  "use strict";
  var summary = document.querySelector(".error-summary[tabindex]");
  if (summary) { summary.focus(); }
});
