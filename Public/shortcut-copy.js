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

// The shortcut form's role list follows the chosen account: each role option names the accounts it is held in
// (data-accounts), so no request is needed. Without JavaScript every role is listed and the server checks the pair.
(function () {
  "use strict";
  var roles = document.querySelector("[data-follows-account]");
  var account = roles ? document.getElementById(roles.getAttribute("data-follows-account")) : null;
  if (!account) { return; }
  var options = Array.prototype.slice.call(roles.options);
  // On load the submitted role stays even when it is not held there, so the error beside it still makes sense.
  function follow(keepSelected) {
    var chosen = roles.value;
    var kept = options.filter(function (option) {
      var accounts = option.getAttribute("data-accounts");
      return accounts === null || accounts.split(" ").indexOf(account.value) !== -1 ||
        (keepSelected && option.value === chosen);
    });
    while (roles.options.length > 0) { roles.remove(0); }
    kept.forEach(function (option) { roles.add(option); });
    roles.value = kept.some(function (option) { return option.value === chosen; }) ? chosen : "";
  }
  follow(true);
  account.addEventListener("change", function () { follow(false); });
})();
