// Security keys and passkeys (WebAuthn). A form marked data-webauthn="create" (adding a key) or "get"
// (signing in with one) carries a one-time challenge from the server in data attributes; on submit this
// script asks the browser's navigator.credentials for the authenticator's answer, puts it in the form's
// hidden fields in base64url, and submits the form as usual. The server checks everything; this script
// only carries bytes. Without JavaScript or WebAuthn the page says so and offers the other ways.
(function () {
  "use strict";

  function toBase64URL(buffer) {
    var bytes = new Uint8Array(buffer);
    var text = "";
    for (var i = 0; i < bytes.length; i++) text += String.fromCharCode(bytes[i]);
    return btoa(text).replace(/\+/g, "-").replace(/\//g, "_").replace(/=+$/, "");
  }

  function fromBase64URL(text) {
    var padded = text.replace(/-/g, "+").replace(/_/g, "/");
    while (padded.length % 4) padded += "=";
    var raw = atob(padded);
    var bytes = new Uint8Array(raw.length);
    for (var i = 0; i < raw.length; i++) bytes[i] = raw.charCodeAt(i);
    return bytes.buffer;
  }

  // "id:usb+nfc,id2" -> credential descriptors
  function descriptors(list) {
    if (!list) return [];
    return list.split(",").map(function (entry) {
      var parts = entry.split(":");
      var descriptor = { type: "public-key", id: fromBase64URL(parts[0]) };
      if (parts[1]) descriptor.transports = parts[1].split("+");
      return descriptor;
    });
  }

  function set(form, name, value) {
    var field = form.querySelector('input[name="' + name + '"]');
    if (field) field.value = value;
  }

  function say(form, text) {
    var status = form.querySelector("[data-webauthn-status]");
    if (status) status.textContent = text;
  }

  var algorithms = [{ type: "public-key", alg: -7 }, { type: "public-key", alg: -8 }, { type: "public-key", alg: -257 }];

  function create(form) {
    var data = form.dataset;
    return navigator.credentials.create({
      publicKey: {
        challenge: fromBase64URL(data.challenge),
        rp: { id: data.rpId, name: data.rpName },
        user: { id: fromBase64URL(data.userHandle), name: data.userName, displayName: data.userDisplayName },
        pubKeyCredParams: algorithms,
        excludeCredentials: descriptors(data.exclude),
        authenticatorSelection: { residentKey: data.residentKey || "preferred", userVerification: "preferred" },
        attestation: "none",
        timeout: 120000,
        extensions: { credProps: true }
      }
    }).then(function (credential) {
      var response = credential.response;
      set(form, "credential_id", toBase64URL(credential.rawId));
      set(form, "client_data", toBase64URL(response.clientDataJSON));
      set(form, "attestation_object", toBase64URL(response.attestationObject));
      if (response.getTransports) set(form, "transports", response.getTransports().join(","));
      var properties = credential.getClientExtensionResults().credProps;
      set(form, "discoverable", properties && properties.rk ? "true" : "false");
    });
  }

  function get(form) {
    var data = form.dataset;
    return navigator.credentials.get({
      publicKey: {
        challenge: fromBase64URL(data.challenge),
        rpId: data.rpId,
        allowCredentials: descriptors(data.allow),
        userVerification: data.userVerification || "preferred",
        timeout: 120000
      }
    }).then(function (credential) {
      var response = credential.response;
      set(form, "credential_id", toBase64URL(credential.rawId));
      set(form, "client_data", toBase64URL(response.clientDataJSON));
      set(form, "authenticator_data", toBase64URL(response.authenticatorData));
      set(form, "signature", toBase64URL(response.signature));
      if (response.userHandle) set(form, "user_handle", toBase64URL(response.userHandle));
    });
  }

  var forms = document.querySelectorAll("form[data-webauthn]");
  for (var i = 0; i < forms.length; i++) {
    var form = forms[i];
    if (!window.PublicKeyCredential || !navigator.credentials) {
      var unsupported = form.querySelector("[data-webauthn-unsupported]");
      if (unsupported) unsupported.hidden = false;
      var button = form.querySelector("button[type=submit]");
      if (button) button.disabled = true;
      continue;
    }
    form.addEventListener("submit", function (event) {
      var target = event.currentTarget;
      event.preventDefault();
      if (!target.reportValidity()) return;
      say(target, "Waiting for your security key or passkey…");
      var ceremony = target.dataset.webauthn === "create" ? create(target) : get(target);
      ceremony.then(function () {
        say(target, "Checking…");
        target.submit();
      }, function (error) {
        if (error && error.name === "NotAllowedError") {
          say(target, "Nothing was used: the request was cancelled or timed out, or no security key or passkey here is registered for Portico. Try again, or use another way.");
        } else if (error && error.name === "InvalidStateError") {
          say(target, "This security key or passkey is already registered for your account.");
        } else {
          say(target, "Your browser could not use a security key: " + (error && error.message ? error.message : "unknown error") + ".");
        }
      });
    });
  }
})();
