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
