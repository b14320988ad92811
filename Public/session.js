// Session-expiry warning: five minutes before the session ends, say so; once it has ended, go to the
// sign-in page, which brings the user back here afterwards. Pages work without this script.
(function () {
  "use strict";
  var body = document.body;
  var expiresAt = Number(body.getAttribute("data-session-expires-at"));
  if (!expiresAt) { return; }
  var warningSeconds = 5 * 60;
  var remaining = document.querySelector("[data-session-remaining]");
  var warning = null;

  function describe(seconds) {
    var minutes = Math.floor(seconds / 60);
    var days = Math.floor(minutes / 1440), hours = Math.floor(minutes / 60) % 24, rest = minutes % 60;
    if (days > 0) { return hours > 0 ? days + " d " + hours + " h" : days + " d"; }
    if (hours > 0) { return rest > 0 ? hours + " h " + rest + " min" : hours + " h"; }
    return rest > 0 ? rest + " min" : "less than a minute";
  }

  // A periodic check rather than one long timer: timers longer than about 24 days overflow, sessions
  // may last 90 days, and a laptop waking from sleep should notice at once.
  function check() {
    var left = expiresAt - Math.floor(Date.now() / 1000);
    if (left <= 0) {
      window.location.assign("/login?return_to=" + encodeURIComponent(window.location.pathname + window.location.search));
      return;
    }
    if (remaining) { remaining.textContent = describe(left); }
    if (left <= warningSeconds && !warning) {
      warning = document.createElement("p");
      warning.className = "flash flash-warning session-warning";
      warning.setAttribute("role", "alert");
      warning.textContent = "Your session ends in less than five minutes. Finish what you are doing; you will then be asked to sign in again and brought back here.";
      var main = document.getElementById("main");
      if (main) { main.insertBefore(warning, main.firstChild); }
    }
  }

  check();
  window.setInterval(check, 15000);
})();
