import Crypto

/// Portico's SAML 2.0 identity-provider metadata: the file an admin uploads to IAM as the SAML provider.
///
/// Lists every certificate that may sign, so that during a key rotation AWS trusts both the old and
/// the new key until the old one is retired. Written as UTF-8 without a byte-order mark, which IAM needs.
package struct IdPMetadata: Sendable, Equatable {
    package var entityID: String
    /// Where AWS sends people who start at the console; Portico answers both bindings there.
    package var singleSignOnURL: String
    package var signingCertificates: [X509Certificate]

    package init(entityID: String, singleSignOnURL: String, signingCertificates: [X509Certificate]) {
        precondition(!signingCertificates.isEmpty, "IdPMetadata needs at least one signing certificate")
        self.entityID = entityID
        self.singleSignOnURL = singleSignOnURL
        self.signingCertificates = signingCertificates
    }

    /// The metadata document.
    package var xml: String {
        let location = XMLEscaping.attribute(singleSignOnURL)
        var xml = #"<?xml version="1.0" encoding="UTF-8"?>"# + "\n"
        xml += #"<md:EntityDescriptor xmlns:md="urn:oasis:names:tc:SAML:2.0:metadata" xmlns:ds="http://www.w3.org/2000/09/xmldsig#""#
        xml += #" entityID="\#(XMLEscaping.attribute(entityID))">"# + "\n"
        xml +=
            #"  <md:IDPSSODescriptor WantAuthnRequestsSigned="false" protocolSupportEnumeration="urn:oasis:names:tc:SAML:2.0:protocol">"#
            + "\n"
        for certificate in signingCertificates {
            xml += #"    <md:KeyDescriptor use="signing"><ds:KeyInfo><ds:X509Data><ds:X509Certificate>"#
            xml += certificate.base64DER
            xml += "</ds:X509Certificate></ds:X509Data></ds:KeyInfo></md:KeyDescriptor>\n"
        }
        xml += "    <md:NameIDFormat>urn:oasis:names:tc:SAML:2.0:nameid-format:persistent</md:NameIDFormat>\n"
        xml += #"    <md:SingleSignOnService Binding="urn:oasis:names:tc:SAML:2.0:bindings:HTTP-Redirect" Location="\#(location)"/>"# + "\n"
        xml += #"    <md:SingleSignOnService Binding="urn:oasis:names:tc:SAML:2.0:bindings:HTTP-POST" Location="\#(location)"/>"# + "\n"
        xml += "  </md:IDPSSODescriptor>\n</md:EntityDescriptor>\n"
        return xml
    }
}
