import Crypto
import Testing

/// Certificates as metadata files and pasted PEM carry them.
struct X509CertificateTextTests {
    static let certificate = X509CertificateTests.certificate

    @Test func base64DERIsReadWithLineBreaksAndWithoutPadding() throws {
        let wrapped = Self.certificate.pem.split(separator: "\n").dropFirst().dropLast().joined(separator: "\r\n  ")
        #expect(try X509Certificate(base64DER: "\n  " + wrapped + "\n") == Self.certificate)
        var unpadded = Self.certificate.base64DER
        while unpadded.hasSuffix("=") { unpadded.removeLast() }
        #expect(try X509Certificate(base64DER: unpadded) == Self.certificate)
        #expect(throws: OpenSSLError.self) { try X509Certificate(base64DER: "") }
        #expect(throws: OpenSSLError.self) { try X509Certificate(base64DER: "M*" + Self.certificate.base64DER) }
        #expect(throws: OpenSSLError.self) { try X509Certificate(base64DER: "aGVsbG8=") }
    }

    @Test func pemBlocksAreFoundBetweenOtherText() throws {
        let second = try X509Certificate.selfSigned(key: X509CertificateTests.key, commonName: "Second", notBefore: 1_767_225_600)
        let bundle = "Bag Attributes\n    friendlyName: one\n" + Self.certificate.pem + "subject=CN=Second\n" + second.pem
        let blocks = X509Certificate.pemBlocks(in: bundle)
        #expect(try blocks.map { try X509Certificate(pem: $0) } == [Self.certificate, second])
        #expect(X509Certificate.pemBlocks(in: "MIIC…").isEmpty)
        // An unterminated block is returned, so reading it fails instead of it being skipped.
        let cut = X509Certificate.pemBlocks(in: String(second.pem.dropLast(30)))
        #expect(cut.count == 1)
        #expect(throws: OpenSSLError.self) { try X509Certificate(pem: cut[0]) }
    }

    @Test func fingerprintsAreTheDigestsOfTheDER() {
        let sha256 = Self.certificate.sha256Fingerprint
        #expect(sha256.count == 95 && sha256.split(separator: ":").count == 32)
        #expect(sha256.replacing(":", with: "") == Hex.encode(SHA256.hash(Self.certificate.der)).uppercased())
        #expect(
            Self.certificate.sha1Thumbprint.count == 40 && Self.certificate.sha1Thumbprint == Self.certificate.sha1Thumbprint.uppercased())
    }
}
