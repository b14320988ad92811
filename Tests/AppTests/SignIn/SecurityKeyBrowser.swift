import App
import Crypto
import Foundation
import TestSupport
import Testing

/// A `Browser` with a software security key: it reads the one-time challenge a page gives `webauthn.js` and posts
/// what the script would post after the key answered.
struct SecurityKeyBrowser {
    /// The base URL the WebAuthn tests run Portico with: a host name, as WebAuthn needs.
    static let baseURL = "http://localhost"
    static let rpID = "localhost"

    let browser: Browser
    var origin = SecurityKeyBrowser.baseURL
    var rpID = SecurityKeyBrowser.rpID

    init(port: Int) { browser = Browser(port: port) }

    /// A page's WebAuthn challenge (`data-challenge`), decoded.
    static func challenge(in html: String) throws -> [UInt8] {
        let text = try #require(html.firstMatch(of: /data-challenge="([^"]*)"/)).1
        return try #require(Base64URL.decode(String(text)))
    }

    /// Registers `key` on `/me/mfa` under `name`, as the page's form would after `navigator.credentials.create`.
    func register(
        _ key: SoftAuthenticator, name: String = "YubiKey", page: String = "/me/mfa", action: String = "/me/mfa/security-keys",
        tamper: (inout SoftAuthenticator.Registration) -> Void = { _ in }
    ) throws -> TestClient.Response {
        let html = try browser.get(page).text
        var registration = key.register(challenge: try Self.challenge(in: html), rpID: rpID, origin: origin)
        tamper(&registration)
        return try browser.post(
            action,
            [
                ("csrf", Browser.csrf(in: html) ?? ""), ("name", name), ("credential_id", Base64URL.encode(key.credentialID)),
                ("client_data", Base64URL.encode(registration.clientDataJSON)),
                ("attestation_object", Base64URL.encode(registration.attestationObject)), ("transports", "usb"), ("discoverable", "true"),
                ("return_to", "/me/sessions"),
            ])
    }

    /// Answers the sign-in challenge of `page` with `key`, posting to `action`.
    func signIn(
        with key: SoftAuthenticator, page: String = "/mfa", action: String = "/mfa/security-key", userVerified: Bool = true,
        userHandle: [UInt8]? = nil, tamper: (inout SoftAuthenticator.Assertion) -> Void = { _ in }
    ) throws -> TestClient.Response {
        let html = try browser.get(page).text
        var assertion = key.assert(challenge: try Self.challenge(in: html), rpID: rpID, origin: origin, userVerified: userVerified)
        tamper(&assertion)
        return try post(assertion, key: key, csrf: Browser.csrf(in: html) ?? "", action: action, userHandle: userHandle)
    }

    /// Posts an answer as the sign-in form does.
    func post(_ assertion: SoftAuthenticator.Assertion, key: SoftAuthenticator, csrf: String, action: String, userHandle: [UInt8]? = nil)
        throws -> TestClient.Response
    {
        try browser.post(
            action,
            [
                ("csrf", csrf), ("credential_id", Base64URL.encode(key.credentialID)),
                ("client_data", Base64URL.encode(assertion.clientDataJSON)),
                ("authenticator_data", Base64URL.encode(assertion.authenticatorData)), ("signature", Base64URL.encode(assertion.signature)),
                ("user_handle", userHandle.map(Base64URL.encode) ?? ""), ("return_to", "/me/sessions"),
            ])
    }
}
