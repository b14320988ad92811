import Crypto
import Foundation
import SAML
import TestSupport
import Testing

struct ServiceProviderMetadataTests {
    static let endpoints = ServiceProviderEndpoints(baseURL: "https://portico.example.com", key: "entra")

    @Test func endpointsAreUnderTheProvidersKey() {
        let endpoints = Self.endpoints
        #expect(endpoints.entityID == "https://portico.example.com/saml/sp/entra")
        #expect(endpoints.assertionConsumerServiceURL == "https://portico.example.com/saml/sp/entra/acs")
        #expect(endpoints.signOnURL == "https://portico.example.com/saml/sp/entra/login")
        #expect(endpoints.singleLogoutURL == "https://portico.example.com/saml/sp/entra/logout")
        #expect(endpoints.metadataURL == "https://portico.example.com/saml/sp/entra/metadata")
    }

    @Test func describesAServiceProviderThatWantsSignedAssertions() throws {
        let xml = ServiceProviderMetadata(endpoints: Self.endpoints).xml
        #expect(Array(xml.utf8.prefix(5)) == Array("<?xml".utf8))
        let root = try #require(ParsedXML.parse(xml))
        #expect(root.name == "EntityDescriptor" && root.namespaceURI == ParsedXML.md)
        #expect(root.attributes["entityID"] == "https://portico.example.com/saml/sp/entra")
        let descriptor = try #require(root.first("SPSSODescriptor", in: ParsedXML.md))
        #expect(descriptor.attributes["AuthnRequestsSigned"] == "false")
        #expect(descriptor.attributes["WantAssertionsSigned"] == "true")
        #expect(descriptor.attributes["protocolSupportEnumeration"] == "urn:oasis:names:tc:SAML:2.0:protocol")
        #expect(
            descriptor.all("NameIDFormat", in: ParsedXML.md).map(\.text) == [
                "urn:oasis:names:tc:SAML:1.1:nameid-format:emailAddress", "urn:oasis:names:tc:SAML:1.1:nameid-format:unspecified",
                "urn:oasis:names:tc:SAML:2.0:nameid-format:persistent",
            ])
        let consumers = descriptor.all("AssertionConsumerService", in: ParsedXML.md)
        #expect(consumers.count == 1)
        #expect(consumers.first?.attributes["Binding"] == "urn:oasis:names:tc:SAML:2.0:bindings:HTTP-POST")
        #expect(consumers.first?.attributes["Location"] == "https://portico.example.com/saml/sp/entra/acs")
        #expect(consumers.first?.attributes["index"] == "0" && consumers.first?.attributes["isDefault"] == "true")
        let logout = descriptor.all("SingleLogoutService", in: ParsedXML.md)
        #expect(
            logout.map { $0.attributes["Binding"] } == [
                "urn:oasis:names:tc:SAML:2.0:bindings:HTTP-Redirect", "urn:oasis:names:tc:SAML:2.0:bindings:HTTP-POST",
            ])
        #expect(logout.first?.attributes["Location"] == "https://portico.example.com/saml/sp/entra/logout")
        // Without encryption no key is published: Portico does not sign its requests.
        #expect(root.all("KeyDescriptor", in: ParsedXML.md).isEmpty)
        // The children in the order the metadata schema (SPSSODescriptorType) requires.
        #expect(
            descriptor.childNames == [
                "SingleLogoutService", "SingleLogoutService", "NameIDFormat", "NameIDFormat", "NameIDFormat", "AssertionConsumerService",
            ])
    }

    @Test func offersTheEncryptionCertificatesWithTheAlgorithmsPorticoDecrypts() throws {
        let certificates = [TestCredentials.portico.certificate, TestCredentials.stranger.certificate]
        let xml = ServiceProviderMetadata(endpoints: Self.endpoints, encryptionCertificates: certificates).xml
        let root = try #require(ParsedXML.parse(xml))
        let keys = root.all("KeyDescriptor", in: ParsedXML.md)
        #expect(keys.map { $0.attributes["use"] } == ["encryption", "encryption"])
        let published = try keys.map { key in
            let text = try #require(key.first("X509Certificate", in: ParsedXML.ds)?.text)
            return try X509Certificate(der: [UInt8](try #require(Data(base64Encoded: text))))
        }
        #expect(published == certificates)
        let methods = keys[0].all("EncryptionMethod", in: ParsedXML.md).compactMap { $0.attributes["Algorithm"] }
        #expect(methods.contains("http://www.w3.org/2009/xmlenc11#aes256-gcm"))
        #expect(methods.contains("http://www.w3.org/2001/04/xmlenc#aes128-cbc"))
        #expect(methods.contains("http://www.w3.org/2001/04/xmlenc#rsa-oaep-mgf1p"))
        let descriptor = try #require(root.first("SPSSODescriptor", in: ParsedXML.md))
        #expect(descriptor.childNames.prefix(3) == ["KeyDescriptor", "KeyDescriptor", "SingleLogoutService"])
    }

    /// libxml2, which reads identity providers' metadata, takes it as metadata too: for a service provider.
    @Test func libxml2ReadsItAsServiceProviderMetadata() {
        let xml = ServiceProviderMetadata(endpoints: Self.endpoints, encryptionCertificates: [TestCredentials.portico.certificate]).xml
        #expect(throws: IdentityProviderMetadataReader.Failure.noIdentityProviderDescriptor) {
            try IdentityProviderMetadataReader.read(xml)
        }
    }

    @Test func escapesABaseURLThatNeedsIt() throws {
        let endpoints = ServiceProviderEndpoints(baseURL: "https://portico.example.com/a&b\"<", key: "okta")
        let root = try #require(ParsedXML.parse(ServiceProviderMetadata(endpoints: endpoints).xml))
        #expect(root.attributes["entityID"] == "https://portico.example.com/a&b\"</saml/sp/okta")
        #expect(
            root.first("AssertionConsumerService", in: ParsedXML.md)?.attributes["Location"]
                == "https://portico.example.com/a&b\"</saml/sp/okta/acs")
    }
}
