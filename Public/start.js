// The portal page (/start). Follows AWS-style shortcuts (/start/#/console?…), sends signed-out visitors on
// to sign in, filters the tiles as you type and copies shortcut links. The page works without this script:
// links are plain links and the filter is a GET form that the server applies with the same rule.
(function () {
  "use strict";

  // AWS's access portal keeps shortcuts after the "#", which never reaches a server. Only that exact shape
  // is followed, and only onto our own /start/console route: the fragment becomes the query string of a
  // fixed path, never a URL of its own, so it cannot lead anywhere else.
  var shortcutPrefix = "#/console?";
  var hash = window.location.hash;
  if (hash.indexOf(shortcutPrefix) === 0) {
    window.location.replace("/start/console?" + hash.slice(shortcutPrefix.length));
    return;
  }

  // Signed out: the page only exists to look at the fragment above; the server chose where sign-in leads.
  var signIn = document.querySelector("[data-sign-in]");
  if (signIn) {
    window.location.replace(signIn.getAttribute("href"));
    return;
  }

  // The filter: an account whose name, id or email contains the text keeps all its roles, otherwise only
  // the roles whose name contains it (RoleFilter.swift is the server's side of the same rule).
  var input = document.querySelector("[data-portal-filter]");
  if (input) {
    var tiles = document.querySelectorAll("[data-tile]");
    var rows = document.querySelectorAll("[data-row]");
    var sections = document.querySelectorAll("[data-portal-section]");
    var noMatch = document.querySelector("[data-no-match]");
    var noMatchQuery = document.querySelector("[data-no-match-query]");
    var keptQuery = document.querySelector("[data-portal-query]");

    var contains = function (element, name, text) {
      return (element.getAttribute(name) || "").toLowerCase().indexOf(text) !== -1;
    };
    var accountMatches = function (element, text) {
      return text === "" || contains(element, "data-name", text) || contains(element, "data-id", text) ||
        contains(element, "data-email", text);
    };

    var apply = function () {
      var typed = input.value.trim();
      var text = typed.toLowerCase();
      var shownTiles = 0;
      var i, j;
      for (i = 0; i < tiles.length; i++) {
        var keepsAll = accountMatches(tiles[i], text);
        var roles = tiles[i].querySelectorAll("[data-role]");
        var shownRoles = 0;
        for (j = 0; j < roles.length; j++) {
          var shown = keepsAll || contains(roles[j], "data-role", text);
          roles[j].hidden = !shown;
          if (shown) { shownRoles++; }
        }
        tiles[i].hidden = shownRoles === 0;
        if (shownRoles > 0) { shownTiles++; }
      }
      for (i = 0; i < rows.length; i++) {
        rows[i].hidden = !(accountMatches(rows[i], text) || contains(rows[i], "data-role", text));
      }
      for (i = 0; i < sections.length; i++) {
        sections[i].hidden = sections[i].querySelector("[data-row]:not([hidden])") === null;
      }
      if (noMatch) {
        noMatch.hidden = shownTiles > 0 || text === "";
        noMatchQuery.textContent = typed;
      }
      // Starring a role comes back to the page with the same filter, and so does reloading it.
      if (keptQuery) { keptQuery.value = typed; }
      if (window.history.replaceState) {
        window.history.replaceState(null, "", typed === "" ? window.location.pathname : "?q=" + encodeURIComponent(typed));
      }
    };
    input.addEventListener("input", apply);
  }

  // "Copy link" is a link to the console; with the clipboard at hand it copies the link's full URL instead.
  var status = document.querySelector("[data-copy-status]");
  document.addEventListener("click", function (event) {
    var link = event.target.closest ? event.target.closest("[data-copy-link]") : null;
    if (!link || !navigator.clipboard) { return; }
    event.preventDefault();
    navigator.clipboard.writeText(link.href).then(function () {
      var label = link.getAttribute("data-label") || link.textContent;
      link.setAttribute("data-label", label);
      link.textContent = "Copied";
      if (status) { status.textContent = "Link copied"; }
      window.setTimeout(function () { link.textContent = label; }, 2000);
    }, function () {
      window.location.assign(link.href);
    });
  });
})();
