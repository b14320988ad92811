// Copy buttons: a button with data-copy="<id>" copies the text of that read-only field or <pre>. The buttons
// stay hidden without JavaScript, where the text can still be selected and copied by hand.
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
      var text = "value" in field ? field.value : field.textContent;
      function fallback() {
        field.focus();
        if (field.select) { field.select(); } else { window.getSelection().selectAllChildren(field); }
        try { done(document.execCommand("copy") ? "Copied." : "Press Ctrl+C to copy."); } catch (e) { done("Press Ctrl+C to copy."); }
      }
      if (navigator.clipboard && navigator.clipboard.writeText) {
        navigator.clipboard.writeText(text).then(function () { done("Copied."); }, fallback);
      } else {
        fallback();
      }
    });
  });
})();
