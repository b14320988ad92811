import SAML
import Testing

/// Responses signed and encrypted by the `xmlsec1` command in the shapes identity providers send: pysaml2
/// signs through it, and Entra, Okta and Keycloak write the same elements (KeyInfo, InclusiveNamespaces,
/// SHA-2 variants, an EncryptedAssertion with its key inside).
struct SAMLResponseXMLSec1Tests {
    typealias Fixture = SAMLResponseFixture
    static let exclusive = "http://www.w3.org/2001/10/xml-exc-c14n#"

    static func assertionSigned(
        method: String = "http://www.w3.org/2001/04/xmldsig-more#rsa-sha256", digest: String = "http://www.w3.org/2001/04/xmlenc#sha256",
        inclusivePrefixes: String? = nil, fixture: Fixture = Fixture()
    ) throws -> String {
        var fixture = fixture
        fixture.assertionSignature = XMLSec1.signatureTemplate(
            for: fixture.assertionID, method: method, digest: digest, inclusivePrefixes: inclusivePrefixes)
        return try XMLSec1.sign(fixture.xml, signatureIn: fixture.assertionID, by: TestCredentials.identityProvider)
    }

    @Test(arguments: [
        ("http://www.w3.org/2001/04/xmldsig-more#rsa-sha256", "http://www.w3.org/2001/04/xmlenc#sha256"),
        ("http://www.w3.org/2001/04/xmldsig-more#rsa-sha384", "http://www.w3.org/2001/04/xmldsig-more#sha384"),
        ("http://www.w3.org/2001/04/xmldsig-more#rsa-sha512", "http://www.w3.org/2001/04/xmlenc#sha512"),
        ("http://www.w3.org/2001/04/xmldsig-more#rsa-sha256", "http://www.w3.org/2001/04/xmlenc#sha512"),
    ])
    func sha2SignaturesWithKeyInfoAndInclusiveNamespacesAreAccepted(method: String, digest: String) throws {
        let signed = try Self.assertionSigned(method: method, digest: digest, inclusivePrefixes: "xs")
        #expect(signed.contains("InclusiveNamespaces"))
        #expect(signed.contains("<ds:X509Certificate>"))
        #expect(try Fixture.validate(signed) == Fixture.expectedClaims)
    }

    @Test func bothSignaturesMadeByXMLSec1AreAccepted() throws {
        var fixture = Fixture()
        fixture.assertionSignature = XMLSec1.signatureTemplate(for: fixture.assertionID)
        fixture.responseSignature = XMLSec1.signatureTemplate(for: fixture.responseID, inclusivePrefixes: "saml")
        let assertionSigned = try XMLSec1.sign(fixture.xml, signatureIn: fixture.assertionID, by: TestCredentials.identityProvider)
        let bothSigned = try XMLSec1.sign(assertionSigned, signatureIn: fixture.responseID, by: TestCredentials.identityProvider)
        #expect(try Fixture.validate(bothSigned) == Fixture.expectedClaims)
    }

    @Test(arguments: [
        ("http://www.w3.org/2000/09/xmldsig#rsa-sha1", "http://www.w3.org/2000/09/xmldsig#sha1"),
        ("http://www.w3.org/2001/04/xmldsig-more#rsa-sha256", "http://www.w3.org/2000/09/xmldsig#sha1"),
        ("http://www.w3.org/2000/09/xmldsig#rsa-sha1", "http://www.w3.org/2001/04/xmlenc#sha256"),
    ])
    func sha1SignaturesAreRefusedAsWeak(method: String, digest: String) throws {
        expectRefusal(try Self.assertionSigned(method: method, digest: digest), "weak-algorithm")
    }

    @Test func aSignatureByTheRightKeyWithAnotherCertificateInKeyInfoIsStillChecked() throws {
        // KeyInfo names the stranger's certificate; the signature is checked with the configured one.
        let signed = try Self.assertionSigned()
        let embedded = try #require(signed.firstMatch(of: /<ds:X509Certificate>([^<]*)<\/ds:X509Certificate>/)?.1)
        let swapped = signed.replacingOccurrences(of: String(embedded), with: TestCredentials.stranger.certificate.base64DER)
        #expect(try Fixture.validate(swapped) == Fixture.expectedClaims)
        // And a stranger's signature is not rescued by its own certificate in KeyInfo.
        var fixture = Fixture()
        fixture.assertionSignature = XMLSec1.signatureTemplate(for: fixture.assertionID)
        expectRefusal(try XMLSec1.sign(fixture.xml, signatureIn: fixture.assertionID, by: TestCredentials.stranger), "bad-signature")
    }

    // MARK: Encrypted assertions

    @Test(arguments: [
        "http://www.w3.org/2001/04/xmlenc#aes128-cbc", "http://www.w3.org/2001/04/xmlenc#aes256-cbc",
        "http://www.w3.org/2009/xmlenc11#aes128-gcm", "http://www.w3.org/2009/xmlenc11#aes256-gcm",
    ])
    func aSignedAssertionEncryptedToPorticoIsDecryptedAndRead(content: String) throws {
        let encrypted = try XMLSec1.encryptAssertion(
            in: Fixture().signed(.assertion), to: TestCredentials.portico.certificatePEM, content: content)
        #expect(encrypted.contains("<saml:EncryptedAssertion>"))
        #expect(!encrypted.contains("alice@example.com"))
        #expect(try Fixture.validate(encrypted) == Fixture.expectedClaims)
    }

    @Test func aSignedResponseAroundAnEncryptedUnsignedAssertionIsAccepted() throws {
        let fixture = Fixture()
        let encrypted = try XMLSec1.encryptAssertion(in: fixture.xml, to: TestCredentials.portico.certificatePEM)
        let signed = try XMLSigner(credentials: TestCredentials.identityProvider).sign(encrypted, elementIDs: [fixture.responseID])
        #expect(try Fixture.validate(signed) == Fixture.expectedClaims)
        // The ciphertext is what the Response's signature covers.
        let cipherValue = try #require(signed.firstMatch(of: /<xenc:CipherValue>([A-Za-z0-9+\/]{8})/)?.1)
        let changed = signed.replacingOccurrences(of: String(cipherValue), with: String(cipherValue.reversed()))
        expectRefusal(changed, "bad-signature")
    }

    @Test func anEncryptedKeyBesideTheDataAsShibbolethWritesItIsFound() throws {
        let encrypted = try XMLSec1.encryptAssertion(in: Fixture().signed(.assertion), to: TestCredentials.portico.certificatePEM)
        let keyInfo = try #require(
            encrypted.firstMatch(of: /<ds:KeyInfo xmlns:ds="[^"]*">(<xenc:EncryptedKey>[\s\S]*?<\/xenc:EncryptedKey>)<\/ds:KeyInfo>/))
        let retrieval =
            #"<ds:KeyInfo xmlns:ds="http://www.w3.org/2000/09/xmldsig#"><ds:RetrievalMethod"#
            + ##" Type="http://www.w3.org/2001/04/xmlenc#EncryptedKey" URI="#_key-1"/></ds:KeyInfo>"##
        let besides = encrypted.replacingOccurrences(of: String(keyInfo.0), with: retrieval)
            .replacingOccurrences(
                of: "</xenc:EncryptedData></saml:EncryptedAssertion>",
                with: "</xenc:EncryptedData>"
                    + keyInfo.1.replacingOccurrences(
                        of: "<xenc:EncryptedKey>", with: #"<xenc:EncryptedKey xmlns:xenc="http://www.w3.org/2001/04/xmlenc#" Id="_key-1">"#)
                    + "</saml:EncryptedAssertion>")
        #expect(besides.contains("</xenc:EncryptedData><xenc:EncryptedKey"))
        #expect(try Fixture.validate(besides) == Fixture.expectedClaims)
    }

    @Test func anEncryptedAssertionSignedByNobodyIsRefused() throws {
        // Anyone can encrypt to Portico's public certificate.
        let encrypted = try XMLSec1.encryptAssertion(in: Fixture().xml, to: TestCredentials.portico.certificatePEM)
        expectRefusal(encrypted, "unsigned")
    }

    @Test func anAssertionEncryptedToAnotherKeyIsUndecryptable() throws {
        let encrypted = try XMLSec1.encryptAssertion(in: Fixture().signed(.assertion), to: TestCredentials.stranger.certificatePEM)
        expectRefusal(encrypted, "encrypted-undecryptable")
        let withoutKeys = SAMLResponseValidator(
            serviceProviderEntityID: Fixture.serviceProvider, assertionConsumerServiceURL: Fixture.consumerService,
            identityProviderEntityID: Fixture.identityProvider, certificates: [TestCredentials.identityProvider.certificate])
        let toPortico = try XMLSec1.encryptAssertion(in: Fixture().signed(.assertion), to: TestCredentials.portico.certificatePEM)
        expectRefusal(toPortico, "encrypted-undecryptable", with: withoutKeys)
    }

    @Test func anyOfPorticosKeysMayDecrypt() throws {
        let rotating = SAMLResponseValidator(
            serviceProviderEntityID: Fixture.serviceProvider, assertionConsumerServiceURL: Fixture.consumerService,
            identityProviderEntityID: Fixture.identityProvider, certificates: [TestCredentials.identityProvider.certificate],
            decryptionKeys: [TestCredentials.third, TestCredentials.portico])
        let encrypted = try XMLSec1.encryptAssertion(in: Fixture().signed(.assertion), to: TestCredentials.portico.certificatePEM)
        #expect(try Fixture.validate(encrypted, with: rotating) == Fixture.expectedClaims)
    }

    @Test func pkcs1KeyTransportIsRefusedAsWeak() throws {
        let encrypted = try XMLSec1.encryptAssertion(
            in: Fixture().signed(.assertion), to: TestCredentials.portico.certificatePEM,
            keyTransport: "http://www.w3.org/2001/04/xmlenc#rsa-1_5")
        expectRefusal(encrypted, "weak-algorithm")
    }

    @Test func aCipherReferenceIsNeverFollowed() throws {
        let encrypted = try XMLSec1.encryptAssertion(in: Fixture().signed(.assertion), to: TestCredentials.portico.certificatePEM)
        let content = try #require(encrypted.firstMatch(of: /<\/ds:KeyInfo><xenc:CipherData><xenc:CipherValue>[^<]*<\/xenc:CipherValue>/))
        let referenced = encrypted.replacingOccurrences(
            of: String(content.0),
            with: #"</ds:KeyInfo><xenc:CipherData><xenc:CipherReference URI="http://127.0.0.1:9/cipher"/>"#)
        expectRefusal(referenced, "encrypted-undecryptable")
    }

    @Test func anEncryptedAssertionHidingASecondOneIsRefused() throws {
        var fixture = Fixture()
        fixture.beforeAssertion = "<saml:EncryptedAssertion/>"
        let encrypted = try XMLSec1.encryptAssertion(in: fixture.signed(.assertion), to: TestCredentials.portico.certificatePEM)
        expectRefusal(encrypted, "several-assertions")
    }
}
