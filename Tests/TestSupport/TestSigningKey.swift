import SAML

/// One SAML signing key for every test server: a first start generates an RSA-3072 key, which would
/// add about a second to each test.
package enum TestSigningKey {
    package static let credentials = try! SigningCredentials.generate(now: 1_767_225_600)

    /// Puts the shared key into `dataDirectory` as the active key, as a first start would have.
    package static func seed(_ dataDirectory: String) throws {
        try SigningKeyStore(dataDirectory: dataDirectory) { _ in credentials }.loadOrCreate(now: 1_767_225_600)
    }
}
