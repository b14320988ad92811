import Crypto

/// Portico's SAML 2.0 service-provider metadata for one identity provider: the file an admin gives the
/// identity provider (Entra's "Upload metadata file", Okta's and Keycloak's import) instead of typing the addresses.
///
/// Portico asks for signed assertions and does not sign its `AuthnRequest`s. When `encryptionCertificates`
/// is not empty the identity provider is offered them to encrypt assertions to (Portico's SAML certificate,
/// whose key decrypts), with the algorithms Portico decrypts; otherwise no key is published at all.
package struct ServiceProviderMetadata: Sendable, Equatable {
    /// The NameID formats Portico reads, in the order it prefers them: an email address names a Portico user.
    package static let nameIDFormats = [
        "urn:oasis:names:tc:SAML:1.1:nameid-format:emailAddress", "urn:oasis:names:tc:SAML:1.1:nameid-format:unspecified",
        "urn:oasis:names:tc:SAML:2.0:nameid-format:persistent",
    ]

    /// The encryption algorithms offered with an encryption key, preferred first: AES-GCM for the content
    /// (AES-128-CBC for providers that have nothing newer) and RSA-OAEP for the key.
    package static let encryptionMethods = [
        "http://www.w3.org/2009/xmlenc11#aes256-gcm", "http://www.w3.org/2009/xmlenc11#aes128-gcm",
        "http://www.w3.org/2001/04/xmlenc#aes128-cbc", "http://www.w3.org/2009/xmlenc11#rsa-oaep",
        "http://www.w3.org/2001/04/xmlenc#rsa-oaep-mgf1p",
    ]

    package var endpoints: ServiceProviderEndpoints
    /// Certificates the identity provider may encrypt assertions to; empty when assertions are not encrypted.
    package var encryptionCertificates: [X509Certificate]

    package init(endpoints: ServiceProviderEndpoints, encryptionCertificates: [X509Certificate] = []) {
        self.endpoints = endpoints
        self.encryptionCertificates = encryptionCertificates
    }

    /// The metadata document, UTF-8 without a byte-order mark; elements in the order the metadata schema requires.
    package var xml: String {
        let post = IdentityProviderMetadataReader.postBinding
        var xml = #"<?xml version="1.0" encoding="UTF-8"?>"# + "\n"
        xml += #"<md:EntityDescriptor xmlns:md="urn:oasis:names:tc:SAML:2.0:metadata" xmlns:ds="http://www.w3.org/2000/09/xmldsig#""#
        xml += #" entityID="\#(XMLEscaping.attribute(endpoints.entityID))">"# + "\n"
        xml += #"  <md:SPSSODescriptor AuthnRequestsSigned="false" WantAssertionsSigned="true""#
        xml += #" protocolSupportEnumeration="urn:oasis:names:tc:SAML:2.0:protocol">"# + "\n"
        for certificate in encryptionCertificates {
            xml += #"    <md:KeyDescriptor use="encryption">"# + "\n"
            xml +=
                "      <ds:KeyInfo><ds:X509Data><ds:X509Certificate>\(certificate.base64DER)</ds:X509Certificate></ds:X509Data></ds:KeyInfo>\n"
            for method in Self.encryptionMethods {
                xml += #"      <md:EncryptionMethod Algorithm="\#(method)"/>"# + "\n"
            }
            xml += "    </md:KeyDescriptor>\n"
        }
        // Logout requests are taken either way: posted and signed in the XML, or redirected and signed in the query.
        for binding in [IdentityProviderMetadataReader.redirectBinding, post] {
            xml +=
                #"    <md:SingleLogoutService Binding="\#(binding)" Location="\#(XMLEscaping.attribute(endpoints.singleLogoutURL))"/>"#
                + "\n"
        }
        for format in Self.nameIDFormats {
            xml += "    <md:NameIDFormat>\(format)</md:NameIDFormat>\n"
        }
        xml += #"    <md:AssertionConsumerService Binding="\#(post)""#
        xml += #" Location="\#(XMLEscaping.attribute(endpoints.assertionConsumerServiceURL))" index="0" isDefault="true"/>"# + "\n"
        xml += "  </md:SPSSODescriptor>\n</md:EntityDescriptor>\n"
        return xml
    }
}
