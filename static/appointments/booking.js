/* Booking screens, on top of pages that work without JavaScript:
   - the service search filters the list while typing (the GET form stays for Enter);
   - on the calendar, choosing a day or a month swaps the calendar and the times in place
     instead of loading the page again, and moves the focus to what changed. */
(function () {
  "use strict";

  function fold(text) {
    return text.normalize("NFKD").replace(/[\u0300-\u036f]/g, "").toLowerCase().replace(/ß/g, "ss");
  }

  var filter = document.querySelector("[data-booking-filter]");
  var count = document.querySelector("[data-booking-count]");
  if (filter && count) {
    var input = filter.querySelector("input[type=search]");
    var timer = null;
    var apply = function () {
      var words = fold(input.value).split(/\s+/).filter(Boolean);
      var shown = 0;
      document.querySelectorAll("[data-booking-service]").forEach(function (service) {
        var any = false;
        service.querySelectorAll("[data-booking-text]").forEach(function (pair) {
          var text = pair.getAttribute("data-booking-text");
          var match = words.every(function (word) { return text.indexOf(word) !== -1; });
          pair.hidden = !match;
          any = any || match;
        });
        service.hidden = !any;
        if (any) { shown += 1; }
      });
      document.querySelectorAll("[data-booking-group]").forEach(function (group) {
        group.hidden = !group.querySelector("[data-booking-service]:not([hidden])");
      });
      if (!words.length) { count.textContent = ""; return; }
      count.textContent = shown === 0 ? count.dataset.none
        : shown === 1 ? count.dataset.one
        : count.dataset.many.replace("%(count)s", String(shown));
    };
    input.addEventListener("input", function () {
      // Announce the count once typing pauses, not after every letter.
      clearTimeout(timer);
      timer = setTimeout(apply, 250);
    });
  }

  var picker = document.querySelector("[data-booking-picker]");
  if (!picker || !window.fetch || !window.DOMParser) { return; }

  function swap(url, focusId, push) {
    return fetch(url, { credentials: "same-origin", headers: { "Accept": "text/html" } })
      .then(function (response) {
        if (!response.ok) { throw new Error(String(response.status)); }
        return response.text();
      })
      .then(function (html) {
        var fresh = new DOMParser().parseFromString(html, "text/html").querySelector("[data-booking-picker]");
        if (!fresh) { throw new Error("no picker"); }
        picker.replaceChildren.apply(picker, Array.prototype.slice.call(fresh.childNodes));
        if (push) { history.pushState({ booking: true }, "", url); }
        var target = document.getElementById(focusId);
        if (target) { target.focus(); }
      })
      .catch(function () { window.location.href = url; });
  }

  picker.addEventListener("click", function (event) {
    var link = event.target.closest("a[data-booking-swap]");
    if (!link || event.ctrlKey || event.metaKey || event.shiftKey || event.button !== 0) { return; }
    event.preventDefault();
    var focusId = link.dataset.bookingSwap === "day" ? "times-heading" : "month-heading";
    swap(link.href.split("#")[0], focusId, true);
  });

  window.addEventListener("popstate", function () {
    swap(window.location.href.split("#")[0], "month-heading", false);
  });
})();
