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
        // A role found by name in the fold opens it; the fold closes again once the filter no longer
        // needs it open, unless the user opened it.
        var folds = tiles[i].querySelectorAll("[data-role-more]");
        for (j = 0; j < folds.length; j++) {
          var inside = folds[j].querySelector("[data-role]:not([hidden])") !== null;
          folds[j].hidden = !inside;
          if (inside && text !== "" && !keepsAll) {
            if (!folds[j].open) { folds[j].open = true; folds[j].setAttribute("data-opened-by-filter", ""); }
          } else if (folds[j].hasAttribute("data-opened-by-filter")) {
            folds[j].open = false;
            folds[j].removeAttribute("data-opened-by-filter");
          }
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

  // Starring posts the page and comes back at "#role-…", the star's id: focus stays on that star, inside its
  // fold if it is folded away, and the server's "… starred" is put into the live region again after load,
  // since a screen reader announces a change there, not what the page arrived with.
  var starStatus = document.querySelector("[data-star-status]");
  if (starStatus && starStatus.textContent !== "") {
    var message = starStatus.textContent;
    starStatus.textContent = "";
    window.setTimeout(function () { starStatus.textContent = message; }, 100);
    // A reload should not announce it again.
    if (window.history.replaceState && window.URLSearchParams) {
      var params = new URLSearchParams(window.location.search);
      params.delete("starred");
      params.delete("unstarred");
      var search = params.toString();
      window.history.replaceState(null, "", window.location.pathname + (search ? "?" + search : "") + hash);
    }
  }
  if (hash.indexOf("#role-") === 0) {
    var star = document.getElementById(hash.slice(1));
    if (star) {
      var fold = star.closest ? star.closest("details") : null;
      if (fold) { fold.open = true; }
      star.focus();
    }
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
