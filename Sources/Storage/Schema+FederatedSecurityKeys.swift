import SQLite

extension Schema {
    /// The sign-in methods the `auth_method` columns allow once a session from an identity provider can carry
    /// Portico's own security-key step.
    private static let authMethodsWithFederatedKeys =
        "auth_method IN ('password', 'password+totp', 'password+recovery', 'password+webauthn', 'passkey', 'saml', 'saml+webauthn')"

    /// Migration 0021: `saml+webauthn`, a sign-in through an identity provider completed with a security key.
    ///
    /// Sessions are held to their user's phishing-resistant rule for as long as they last, not only at sign-in,
    /// so a session must say whether a key was used; until now one from an identity provider said `saml` either way.
    ///
    /// The partial index lists the phishing-resistant groups, where every session lookup starts its check.
    static func federatedSecurityKeys(_ db: Connection) throws {
        for table in ["portal_sessions", "device_authorizations", "authorization_codes"] {
            try rebuild(table, db: db) { $0.replacing(authMethodsAfter, with: authMethodsWithFederatedKeys) }
        }
        try db.execute("CREATE INDEX groups_phishing_resistant ON groups (id) WHERE mfa_rule = 'phishing-resistant'")
    }
}
