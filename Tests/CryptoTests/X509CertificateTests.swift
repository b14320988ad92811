import Crypto
import Testing

struct X509CertificateTests {
    static let key = try! RSAKeyPair.generate()
    static let issuedAt: Int64 = 1_767_225_600  // 2026-01-01T00:00:00Z
    static let certificate = try! X509Certificate.selfSigned(key: key, notBefore: issuedAt)

    @Test func selfSignedCertificateNamesPorticoAsSubjectAndIssuer() {
        #expect(Self.certificate.subjectCommonName == "Portico")
        #expect(Self.certificate.issuerCommonName == "Portico")
    }

    @Test func selfSignedCertificateIsValidForTenYearsFromIssue() {
        #expect(Self.certificate.notBefore == Self.issuedAt)
        #expect(Self.certificate.notAfter == Self.issuedAt + 3652 * 86_400)
        #expect(Self.certificate.notAfter == 2_082_758_400)  // 2036-01-01T00:00:00Z
    }

    @Test func pemParsesBackToTheSameCertificate() throws {
        let pem = Self.certificate.pem
        #expect(pem.hasPrefix("-----BEGIN CERTIFICATE-----\n"))
        #expect(pem.hasSuffix("-----END CERTIFICATE-----\n"))
        #expect(pem.split(separator: "\n").allSatisfy { $0.count <= 64 })
        #expect(try X509Certificate(pem: pem) == Self.certificate)
    }

    @Test func base64DERIsPaddedStandardBase64OnOneLine() {
        let text = Self.certificate.base64DER
        #expect(text.utf8.count % 4 == 0)
        #expect(!text.contains("\n"))
        #expect(text.hasPrefix("MII"))
    }

    @Test func certifiesOnlyItsOwnKey() throws {
        #expect(Self.certificate.certifies(Self.key))
        #expect(!Self.certificate.certifies(try RSAKeyPair.generate(bits: 2048)))
    }

    @Test func verifiesSignaturesOfItsKey() {
        let message = Array("signed info".utf8)
        let signature = Self.key.signSHA256(message)
        #expect(Self.certificate.isValidSHA256Signature(signature, for: message))
        #expect(!Self.certificate.isValidSHA256Signature(signature, for: Array("signed inf0".utf8)))
    }

    @Test func certificatesOfTheSameKeyHaveDifferentSerials() throws {
        let second = try X509Certificate.selfSigned(key: Self.key, notBefore: Self.issuedAt)
        #expect(second != Self.certificate)
    }

    @Test func refusesGarbageAndTrailingBytes() {
        #expect(throws: OpenSSLError.self) { try X509Certificate(pem: "-----BEGIN CERTIFICATE-----\nAAAA\n-----END CERTIFICATE-----\n") }
        #expect(throws: OpenSSLError.self) { try X509Certificate(der: []) }
        #expect(throws: OpenSSLError.self) { try X509Certificate(der: Self.certificate.der + [0]) }
    }
}
