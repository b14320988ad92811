import Crypto
import Foundation
import SAML
import TestSupport
import Testing

struct IdentityProviderMetadataReaderTests {
    typealias Examples = IdentityProviderExamples
    typealias Failure = IdentityProviderMetadataReader.Failure

    private func base64(_ certificates: [X509Certificate]) -> [String] { certificates.map(\.base64DER) }

    @Test func readsEntrasFederationMetadataFromTheIDPSSODescriptorOnly() throws {
        let metadata = try IdentityProviderMetadataReader.read(Examples.entraMetadata)
        #expect(metadata.entityID == Examples.entraEntityID)
        #expect(metadata.singleSignOnURL == Examples.entraSignOnURL)
        // Both certificates of the rotation, in order; not the one in the signature's KeyInfo or the WS-Fed descriptors.
        #expect(base64(metadata.signingCertificates) == [Examples.entraCurrent.base64, Examples.entraNext.base64])
        #expect(
            metadata.singleLogoutService
                == .init(binding: IdentityProviderMetadataReader.redirectBinding, location: Examples.entraSignOnURL))
    }

    @Test func readsKeycloaksMetadataInsideAnEntitiesDescriptor() throws {
        let metadata = try IdentityProviderMetadataReader.read(Examples.keycloakMetadata)
        #expect(metadata.entityID == Examples.keycloakEntityID)
        #expect(metadata.singleSignOnURL == Examples.keycloakSignOnURL)
        // The wrapped certificate is read; the encryption key is not a signing certificate.
        #expect(base64(metadata.signingCertificates) == [Examples.keycloak.base64])
        #expect(metadata.singleLogoutService?.binding == IdentityProviderMetadataReader.redirectBinding)
    }

    /// pysaml2 writes generated prefixes, separate addresses per binding, and a KeyDescriptor without `use`.
    static let pysaml2 = """
        <?xml version='1.0' encoding='UTF-8'?>
        <ns0:EntityDescriptor xmlns:ns0="urn:oasis:names:tc:SAML:2.0:metadata" xmlns:ns1="http://www.w3.org/2000/09/xmldsig#" \
        entityID="https://idp.example.org/idp.xml">
        <ns0:IDPSSODescriptor protocolSupportEnumeration="urn:oasis:names:tc:SAML:2.0:protocol">
        <ns0:KeyDescriptor><ns1:KeyInfo><ns1:X509Data><ns1:X509Certificate>\(Examples.keycloak.base64)</ns1:X509Certificate>\
        </ns1:X509Data></ns1:KeyInfo></ns0:KeyDescriptor>
        <ns0:SingleLogoutService Binding="urn:oasis:names:tc:SAML:2.0:bindings:SOAP" Location="https://idp.example.org/slo/soap"/>
        <ns0:SingleLogoutService Binding="urn:oasis:names:tc:SAML:2.0:bindings:HTTP-POST" Location="https://idp.example.org/slo/post"/>
        <ns0:SingleSignOnService Binding="urn:oasis:names:tc:SAML:2.0:bindings:HTTP-POST" Location="https://idp.example.org/sso/post"/>
        <ns0:SingleSignOnService Binding="urn:oasis:names:tc:SAML:2.0:bindings:HTTP-Redirect" \
        Location="  https://idp.example.org/sso/redirect
        "/>
        </ns0:IDPSSODescriptor>
        </ns0:EntityDescriptor>
        """

    @Test func takesTheRedirectBindingAndAKeyWithoutUse() throws {
        let metadata = try IdentityProviderMetadataReader.read(Self.pysaml2)
        #expect(metadata.entityID == "https://idp.example.org/idp.xml")
        #expect(metadata.singleSignOnURL == "https://idp.example.org/sso/redirect")
        #expect(base64(metadata.signingCertificates) == [Examples.keycloak.base64])
        // Without a Redirect one, the POST logout address; SOAP is never taken.
        #expect(
            metadata.singleLogoutService
                == .init(binding: IdentityProviderMetadataReader.postBinding, location: "https://idp.example.org/slo/post"))
    }

    @Test func takesTheFirstEntityThatIsAnIdentityProviderAndListsACertificateOnce() throws {
        let xml = """
            <EntitiesDescriptor xmlns="urn:oasis:names:tc:SAML:2.0:metadata" xmlns:ds="http://www.w3.org/2000/09/xmldsig#">
              <EntityDescriptor entityID="https://sp.example.org">
                <SPSSODescriptor protocolSupportEnumeration="urn:oasis:names:tc:SAML:2.0:protocol">
                  <AssertionConsumerService Binding="\(IdentityProviderMetadataReader.postBinding)" Location="https://sp.example.org/acs" index="0"/>
                </SPSSODescriptor>
              </EntityDescriptor>
              <EntitiesDescriptor Name="nested">
                <EntityDescriptor entityID="https://saml1.example.org">
                  <IDPSSODescriptor protocolSupportEnumeration="urn:oasis:names:tc:SAML:1.1:protocol">
                    <KeyDescriptor><ds:KeyInfo><ds:X509Data><ds:X509Certificate>\(Examples.expired.base64)</ds:X509Certificate></ds:X509Data></ds:KeyInfo></KeyDescriptor>
                    <SingleSignOnService Binding="\(IdentityProviderMetadataReader.redirectBinding)" Location="https://saml1.example.org/sso"/>
                  </IDPSSODescriptor>
                </EntityDescriptor>
                <EntityDescriptor entityID="https://idp.example.org">
                  <IDPSSODescriptor protocolSupportEnumeration="urn:oasis:names:tc:SAML:1.1:protocol urn:oasis:names:tc:SAML:2.0:protocol">
                    <KeyDescriptor use="signing"><ds:KeyInfo><ds:X509Data><ds:X509Certificate>\(Examples.entraNext.base64)</ds:X509Certificate>
                      <ds:X509Certificate>\(Examples.entraNext.base64)</ds:X509Certificate></ds:X509Data></ds:KeyInfo></KeyDescriptor>
                    <SingleSignOnService Binding="\(IdentityProviderMetadataReader.redirectBinding)" Location="https://idp.example.org/sso"/>
                  </IDPSSODescriptor>
                </EntityDescriptor>
              </EntitiesDescriptor>
            </EntitiesDescriptor>
            """
        let metadata = try IdentityProviderMetadataReader.read(xml)
        #expect(metadata.entityID == "https://idp.example.org")
        #expect(metadata.singleSignOnURL == "https://idp.example.org/sso")
        #expect(base64(metadata.signingCertificates) == [Examples.entraNext.base64])
        #expect(metadata.singleLogoutService == nil)
    }

    @Test func certificatesReadFromMetadataMatchOpenSSLsFingerprintsAndDates() throws {
        let metadata = try IdentityProviderMetadataReader.read(Examples.entraMetadata)
        let current = try #require(metadata.signingCertificates.first)
        #expect(current.sha256Fingerprint == Examples.entraCurrent.sha256)
        #expect(current.sha1Thumbprint == Examples.entraCurrent.sha1)
        #expect(current.notBefore == Examples.entraCurrent.notBefore && current.notAfter == Examples.entraCurrent.notAfter)
        #expect(current.subjectCommonName == "Microsoft Azure Federated SSO Certificate")
        #expect(current.pem == Examples.entraCurrent.pem)
    }

    // MARK: Refused

    /// A minimal identity provider's metadata with `descriptor` as the IDPSSODescriptor's content.
    private func identityProvider(_ descriptor: String, entityID: String = #"entityID="https://idp.example.org""#) -> String {
        """
        <md:EntityDescriptor xmlns:md="urn:oasis:names:tc:SAML:2.0:metadata" xmlns:ds="http://www.w3.org/2000/09/xmldsig#" \(entityID)>
        <md:IDPSSODescriptor protocolSupportEnumeration="urn:oasis:names:tc:SAML:2.0:protocol">\(descriptor)</md:IDPSSODescriptor>
        </md:EntityDescriptor>
        """
    }

    private let signingKey = """
        <md:KeyDescriptor use="signing"><ds:KeyInfo><ds:X509Data><ds:X509Certificate>\(IdentityProviderExamples.keycloak.base64)\
        </ds:X509Certificate></ds:X509Data></ds:KeyInfo></md:KeyDescriptor>
        """
    private let redirect =
        #"<md:SingleSignOnService Binding="urn:oasis:names:tc:SAML:2.0:bindings:HTTP-Redirect" Location="https://idp.example.org/sso"/>"#

    @Test func theMinimalDocumentOfTheseTestsIsAccepted() throws {
        #expect(try IdentityProviderMetadataReader.read(identityProvider(signingKey + redirect)).entityID == "https://idp.example.org")
    }

    @Test func refusesADocumentTypeDeclarationSoNoEntityIsExpanded() {
        let laughs = """
            <?xml version="1.0"?>
            <!DOCTYPE md:EntityDescriptor [<!ENTITY lol "lol"><!ENTITY lol2 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;">]>
            """ + identityProvider(signingKey + redirect, entityID: #"entityID="&lol2;""#)
        #expect(throws: Failure.documentTypeDeclaration) { try IdentityProviderMetadataReader.read(laughs) }
        let external = #"<!DOCTYPE x SYSTEM "http://169.254.169.254/latest/meta-data/">"# + identityProvider(signingKey + redirect)
        #expect(throws: Failure.documentTypeDeclaration) { try IdentityProviderMetadataReader.read(external) }
    }

    @Test func refusesWhatIsNotIdentityProviderMetadataSayingWhy() {
        #expect(throws: Failure.malformedXML) { try IdentityProviderMetadataReader.read(String(Examples.entraMetadata.dropLast(5))) }
        #expect(throws: Failure.malformedXML) { try IdentityProviderMetadataReader.read("") }
        #expect(throws: Failure.notMetadata(rootElement: "html")) {
            try IdentityProviderMetadataReader.read("<html><body>Sign in to your account</body></html>")
        }
        let serviceProvider = ServiceProviderMetadata(
            endpoints: ServiceProviderEndpoints(baseURL: "https://portico.example.com", key: "entra"))
        #expect(throws: Failure.noIdentityProviderDescriptor) { try IdentityProviderMetadataReader.read(serviceProvider.xml) }
        #expect(throws: Failure.missingEntityID) {
            try IdentityProviderMetadataReader.read(identityProvider(signingKey + redirect, entityID: ""))
        }
        let postOnly = redirect.replacingOccurrences(of: "HTTP-Redirect", with: "HTTP-POST")
        #expect(throws: Failure.noRedirectSingleSignOnService) {
            try IdentityProviderMetadataReader.read(identityProvider(signingKey + postOnly))
        }
        let encryptionOnly = signingKey.replacingOccurrences(of: #"use="signing""#, with: #"use="encryption""#)
        #expect(throws: Failure.noSigningCertificate) {
            try IdentityProviderMetadataReader.read(identityProvider(encryptionOnly + redirect))
        }
        #expect(throws: Failure.noSigningCertificate) { try IdentityProviderMetadataReader.read(identityProvider(redirect)) }
        let garbled = signingKey.replacingOccurrences(of: "MII", with: "M*I")
        #expect(throws: Failure.unreadableCertificate(position: 1)) {
            try IdentityProviderMetadataReader.read(identityProvider(garbled + redirect))
        }
        let notACertificate =
            #"<md:KeyDescriptor><ds:KeyInfo><ds:X509Data><ds:X509Certificate>aGVsbG8=</ds:X509Certificate></ds:X509Data></ds:KeyInfo></md:KeyDescriptor>"#
        #expect(throws: Failure.unreadableCertificate(position: 2)) {
            try IdentityProviderMetadataReader.read(identityProvider(signingKey + notACertificate + redirect))
        }
    }

    @Test func refusesATooLargeFileBeforeParsingIt() {
        let padding = "<!--" + String(repeating: "x", count: IdentityProviderMetadataReader.maximumSize) + "-->"
        #expect(throws: Failure.tooLarge) { try IdentityProviderMetadataReader.read(identityProvider(signingKey + redirect + padding)) }
    }

    @Test func failuresNameWhatIsMissingInTheMetadatasTerms() {
        #expect(Failure.noIdentityProviderDescriptor.description.contains("no IDPSSODescriptor"))
        #expect(Failure.noRedirectSingleSignOnService.description.contains("no HTTP-Redirect SingleSignOnService"))
        #expect(Failure.noSigningCertificate.description.contains("no signing certificate"))
        #expect(Failure.documentTypeDeclaration.description.contains("DOCTYPE"))
    }
}
