import Crypto
import Testing

struct X509CertificateExtensionTests {
    /// A P-256 CA certificate (Python `cryptography`) with the FIDO AAGUID extension holding 00 01 ... 0f; the
    /// reader skips the line breaks.
    static let caWithAAGUID = try! X509Certificate(
        base64DER: """
            MIIBPjCB5aADAgECAgECMAoGCCqGSM49BAMCMA0xCzAJBgNVBAMMAkNBMB4XDTI1MDEwMTAwMDAwMFoXDTI1MDEwMjAwMDAwMFowDTELMAkGA1UEAwwCQ0EwWTAT
            BgcqhkjOPQIBBggqhkjOPQMBBwNCAARYIbAC26J3JRqdGOty1ccg9O/gIbOAKcAX2HE0CJO+eyPsEtZ6U4U035ti9j//WGaGnATxJd7Rwxu+lUDlnyNjozYwNDAP
            BgNVHRMBAf8EBTADAQH/MCEGCysGAQQBguUcAQEEBBIEEAABAgMEBQYHCAkKCwwNDg8wCgYIKoZIzj0EAwIDSAAwRQIhALJuF+rclZqANC5gUhQm1oJMTPMQVSVX
            dc8zjB/2+jSLAiBSCFMpJ3xkgh6ZX9N7t4fD8JOyeJZ6TGu1CuFwLkosGw==
            """)

    @Test func readsAnExtensionByItsDottedOID() {
        #expect(Self.caWithAAGUID.extensionValue(oid: "1.3.6.1.4.1.45724.1.1.4") == [0x04, 0x10] + Array(0..<16))
        // Basic Constraints, critical, CA true.
        #expect(Self.caWithAAGUID.extensionValue(oid: "2.5.29.19") == [0x30, 0x03, 0x01, 0x01, 0xFF])
        #expect(Self.caWithAAGUID.extensionValue(oid: "2.5.29.15") == nil)
        #expect(Self.caWithAAGUID.extensionValue(oid: "basicConstraints") == nil)
    }

    @Test func tellsACAFromAnEndEntity() throws {
        #expect(Self.caWithAAGUID.isCertificateAuthority)
        #expect(try Self.caWithAAGUID.publicKey().kind == .p256)
        let selfSigned = try X509Certificate.selfSigned(key: RSAKeyPair.generate(bits: 2048), notBefore: 0)
        #expect(!selfSigned.isCertificateAuthority)
        #expect(selfSigned.extensionValue(oid: "1.3.6.1.4.1.45724.1.1.4") == nil)
    }
}
