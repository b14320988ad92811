import Web

/// The cookies the browser surface sets, with their attributes in one place.
///
/// The session cookie is `SameSite=Lax` so a link from a mail or chat into a deep page still arrives
/// signed in, while cross-site POSTs do not carry it; every cookie is `HttpOnly` because no script of
/// ours needs to read it, and `Secure` whenever browsers reach us over https.
struct SessionCookies: Sendable {
    static let session = "portico_session"
    /// The double-submit token of forms shown to signed-out visitors (sign-in, setup, password reset).
    static let anonymousCSRF = "portico_csrf"
    /// The signed "password was right, now the second factor" marker.
    static let pendingMFA = "portico_mfa"
    /// The signed "this browser passed a second factor for this user" marker (`KnownBrowserCookie`).
    static let knownBrowser = "portico_known_browser"
    /// The random value binding an outstanding SAML `AuthnRequest` to the browser that asked for it.
    static let samlRequest = "portico_saml"

    let isSecure: Bool

    /// The session cookie for `token`, living exactly as long as the session (`Max-Age` = remaining seconds).
    func session(token: String, maxAge: Int) -> SetCookie {
        make(Self.session, token, maxAge: maxAge, sameSite: .lax)
    }

    func anonymousCSRF(_ token: String) -> SetCookie {
        make(Self.anonymousCSRF, token, maxAge: nil, sameSite: .strict)
    }

    func pendingMFA(_ value: String, maxAge: Int) -> SetCookie {
        make(Self.pendingMFA, value, maxAge: maxAge, sameSite: .strict)
    }

    /// `Lax` like the session, so following a link into the portal still counts the browser as known;
    /// it lives 30 days and survives sign-out, which is the point of it.
    func knownBrowser(_ value: String) -> SetCookie {
        make(Self.knownBrowser, value, maxAge: KnownBrowserCookie.lifetimeSeconds, sameSite: .lax)
    }

    /// `Lax`, because the way back from the identity provider is a top-level GET after its cross-site POST;
    /// it lives as long as a request may stay outstanding.
    func samlRequest(_ value: String, maxAge: Int) -> SetCookie {
        make(Self.samlRequest, value, maxAge: maxAge, sameSite: .lax)
    }

    /// Deletes `name` in the browser; the attributes match the original so the browser replaces it.
    func cleared(_ name: String) -> SetCookie {
        // The names are constants and the value is empty, so this cannot fail.
        try! SetCookie(name: name, value: "", maxAge: 0, expires: 0, secure: isSecure, httpOnly: true, sameSite: .lax)
    }

    private func make(_ name: String, _ value: String, maxAge: Int?, sameSite: SetCookie.SameSite) -> SetCookie {
        // Values are base64url tokens or hex and digits that we made: always valid cookie octets.
        try! SetCookie(name: name, value: value, maxAge: maxAge, secure: isSecure, httpOnly: true, sameSite: sameSite)
    }
}
