// Live character counter for comment fields. Without JavaScript the server renders the
// same sentence, and rejects text over the limit with the text kept in the field.
(function () {
  "use strict";
  document.querySelectorAll("[data-counter-for]").forEach(function (counter) {
    var field = document.getElementById(counter.dataset.counterFor);
    if (!field) {
      return;
    }
    var max = parseInt(field.dataset.maxLength, 10);
    var timer = null;
    function update() {
      // Count characters as the server does (code points; a line break is one).
      var remaining = max - Array.from(field.value).length;
      var template = remaining >= 0 ? counter.dataset.left : counter.dataset.over;
      counter.textContent = template.replace("__N__", String(Math.abs(remaining)));
      counter.classList.toggle("char-counter-over", remaining < 0);
    }
    field.setAttribute(
      "aria-describedby",
      ((field.getAttribute("aria-describedby") || "") + " " + counter.id).trim()
    );
    field.addEventListener("input", function () {
      // Screen readers hear the counter once the writer pauses, not on every key.
      window.clearTimeout(timer);
      timer = window.setTimeout(update, 400);
    });
    update();
  });
})();

// A link to a reply behind "n more replies" (from an e-mail, or "in reply to") opens its
// <details> first, so the reply is shown; browsers without this still let the reader open it.
(function () {
  "use strict";
  function reveal() {
    var id = decodeURIComponent(window.location.hash.slice(1));
    var target = id && document.getElementById(id);
    var opened = false;
    for (var node = target; node; node = node.parentElement) {
      if (node.tagName === "DETAILS" && !node.open) {
        node.open = true;
        opened = true;
      }
    }
    if (opened) {
      target.scrollIntoView();
    }
  }
  window.addEventListener("hashchange", reveal);
  reveal();
})();
