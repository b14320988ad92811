// Copy buttons: a button with data-copy="<input id>" copies that field's text. The buttons stay hidden
// without JavaScript, where the read-only field can still be selected and copied by hand.
(function () {
  "use strict";
  var buttons = document.querySelectorAll("[data-copy]");
  Array.prototype.forEach.call(buttons, function (button) {
    var field = document.getElementById(button.getAttribute("data-copy"));
    var status = button.parentNode.querySelector("[data-copy-status]");
    if (!field) { return; }
    button.hidden = false;
    button.addEventListener("click", function () {
      function done(message) { if (status) { status.textContent = message; } }
      function fallback() {
        field.focus();
        field.select();
        try { done(document.execCommand("copy") ? "Copied." : "Press Ctrl+C to copy."); } catch (e) { done("Press Ctrl+C to copy."); }
      }
      if (navigator.clipboard && navigator.clipboard.writeText) {
        navigator.clipboard.writeText(field.value).then(function () { done("Copied."); }, fallback);
      } else {
        fallback();
      }
    });
  });
})();
