import Crypto
import SAML
import Testing

struct SigningCredentialsTests {
    @Test func generatesAnRSA3072KeyWithATenYearPorticoCertificate() throws {
        let credentials = TestCredentials.portico
        #expect(try RSAKeyPair.fromPEM(credentials.privateKeyPEM).bits == 3072)
        #expect(credentials.certificate.subjectCommonName == "Portico")
        #expect(credentials.certificate.notBefore == TestCredentials.issuedAt)
        #expect(credentials.certificate.notAfter == TestCredentials.issuedAt + 3652 * 86_400)
        #expect(credentials.certificatePEM.hasPrefix("-----BEGIN CERTIFICATE-----"))
    }

    @Test func readsBackFromPEM() throws {
        let credentials = TestCredentials.portico
        let restored = try SigningCredentials.fromPEM(
            privateKey: credentials.privateKeyPEM, certificate: credentials.certificatePEM)
        #expect(restored == credentials)
    }

    /// Printing, interpolating or dumping the credentials, alone or inside a key, never shows the private key.
    @Test func neverPrintsThePrivateKey() {
        let credentials = TestCredentials.portico
        let key = SigningKey(id: "20260101-00000000", state: .active, certificate: credentials.certificate, credentials: credentials)
        var dumped = ""
        dump(key, to: &dumped)
        let secretLine = String(credentials.privateKeyPEM.split(separator: "\n")[1])
        let texts = [String(describing: credentials), String(reflecting: credentials), "\(key)", String(reflecting: key), dumped]
        for (index, text) in texts.enumerated() {
            // Booleans only: a failed expectation prints its operands, and must not print the key either.
            let leaks = text.contains("PRIVATE KEY") || text.contains(secretLine)
            let redacted = text.contains("<redacted>")
            #expect(!leaks && redacted, "text \(index)")
        }
    }

    @Test func refusesACertificateForAnotherKey() {
        #expect(throws: SigningCredentialsError.certificateDoesNotMatchKey) {
            try SigningCredentials.fromPEM(
                privateKey: TestCredentials.portico.privateKeyPEM, certificate: TestCredentials.stranger.certificatePEM)
        }
    }

    @Test func refusesUnreadablePEM() {
        #expect {
            try SigningCredentials.fromPEM(privateKey: "nope", certificate: TestCredentials.portico.certificatePEM)
        } throws: { error in
            if case .unreadablePrivateKey = error as? SigningCredentialsError { true } else { false }
        }
        #expect {
            try SigningCredentials.fromPEM(privateKey: TestCredentials.portico.privateKeyPEM, certificate: "nope")
        } throws: { error in
            if case .unreadableCertificate = error as? SigningCredentialsError { true } else { false }
        }
    }
}
