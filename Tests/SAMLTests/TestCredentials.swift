import SAML

/// Keys shared by the tests: RSA-3072 generation takes a while, so each is made once per run.
enum TestCredentials {
    static let issuedAt: Int64 = 1_767_225_600  // 2026-01-01T00:00:00Z
    static let portico = try! SigningCredentials.generate(now: issuedAt)
    static let stranger = try! SigningCredentials.generate(now: issuedAt)
    static let third = try! SigningCredentials.generate(now: issuedAt)
    /// The identity provider Portico is the service provider of, signing its responses.
    static let identityProvider = try! SigningCredentials.generate(now: issuedAt)
}
