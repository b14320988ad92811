// Console launch: posts the signed SAML Response to the AWS sign-in URL as soon as the page has loaded.
// Without JavaScript the visible button does the same.
(function () {
  "use strict";
  var form = document.getElementById("console-launch");
  if (!form || form.getAttribute("data-submitted")) { return; }
  form.setAttribute("data-submitted", "true");
  form.submit();
})();
