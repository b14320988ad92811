import Crypto
import Foundation
import SAML
import Testing

struct IdPMetadataTests {
    static let metadata = IdPMetadata(
        entityID: "https://portico.example.com/saml", singleSignOnURL: "https://portico.example.com/saml/sso",
        signingCertificates: [TestCredentials.portico.certificate, TestCredentials.stranger.certificate])

    @Test func isUTF8WithoutAByteOrderMarkAndWellFormed() throws {
        let xml = Self.metadata.xml
        #expect(Array(xml.utf8.prefix(5)) == Array("<?xml".utf8))
        let root = try #require(ParsedXML.parse(xml))
        #expect(root.name == "EntityDescriptor" && root.namespaceURI == ParsedXML.md)
        #expect(root.attributes["entityID"] == "https://portico.example.com/saml")
    }

    @Test func describesAnIdentityProviderForSAML2() throws {
        let root = try #require(ParsedXML.parse(Self.metadata.xml))
        let descriptor = try #require(root.first("IDPSSODescriptor", in: ParsedXML.md))
        #expect(descriptor.attributes["protocolSupportEnumeration"] == "urn:oasis:names:tc:SAML:2.0:protocol")
        #expect(
            descriptor.all("NameIDFormat", in: ParsedXML.md).map(\.text)
                == ["urn:oasis:names:tc:SAML:2.0:nameid-format:persistent"])
        let services = descriptor.all("SingleSignOnService", in: ParsedXML.md)
        #expect(
            services.map { $0.attributes["Binding"] ?? "" } == [
                "urn:oasis:names:tc:SAML:2.0:bindings:HTTP-Redirect", "urn:oasis:names:tc:SAML:2.0:bindings:HTTP-POST",
            ])
        #expect(services.allSatisfy { $0.attributes["Location"] == "https://portico.example.com/saml/sso" })
    }

    @Test func publishesEverySigningCertificateAsBase64DER() throws {
        let root = try #require(ParsedXML.parse(Self.metadata.xml))
        let keys = root.all("KeyDescriptor", in: ParsedXML.md)
        #expect(keys.count == 2)
        #expect(keys.allSatisfy { $0.attributes["use"] == "signing" })
        let published = try keys.map { key in
            let text = try #require(key.first("X509Certificate", in: ParsedXML.ds)?.text)
            #expect(!text.contains("BEGIN"))
            return try X509Certificate(der: [UInt8](try #require(Data(base64Encoded: text))))
        }
        #expect(published == [TestCredentials.portico.certificate, TestCredentials.stranger.certificate])
    }

    @Test func escapesTheEntityIDAndURL() throws {
        let metadata = IdPMetadata(
            entityID: "urn:x\"<&>", singleSignOnURL: "https://p.example/sso?a=1&b=\"2\"",
            signingCertificates: [TestCredentials.portico.certificate])
        let root = try #require(ParsedXML.parse(metadata.xml))
        #expect(root.attributes["entityID"] == "urn:x\"<&>")
        #expect(root.first("SingleSignOnService", in: ParsedXML.md)?.attributes["Location"] == "https://p.example/sso?a=1&b=\"2\"")
    }
}
