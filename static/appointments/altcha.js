/* Solve the booking form's proof-of-work challenge (ALTCHA format) in the background. */
(function () {
  "use strict";
  var box = document.querySelector("[data-pow-challenge]");
  if (!box || !window.crypto || !window.crypto.subtle) { return; }
  var form = box.closest("form");
  var field = form.querySelector("input[name=pow]");
  var button = form.querySelector("button[type=submit][name=reserve]");
  var status = box.querySelector("[data-pow-status]");
  var challenge = JSON.parse(box.dataset.powChallenge);
  var encoder = new TextEncoder();

  function hex(buffer) {
    return Array.prototype.map.call(new Uint8Array(buffer), function (b) {
      return ("0" + b.toString(16)).slice(-2);
    }).join("");
  }

  async function solve() {
    for (var n = 0; n <= challenge.maxnumber; n++) {
      var digest = await crypto.subtle.digest("SHA-256", encoder.encode(challenge.salt + n));
      if (hex(digest) === challenge.challenge) { return n; }
    }
    return null;
  }

  button.disabled = true;
  status.textContent = status.dataset.working;
  solve().then(function (number) {
    if (number === null) { status.textContent = status.dataset.failed; return; }
    field.value = btoa(JSON.stringify({
      algorithm: challenge.algorithm, challenge: challenge.challenge,
      number: number, salt: challenge.salt, signature: challenge.signature
    }));
    status.textContent = status.dataset.done;
    button.disabled = false;
  });
})();
