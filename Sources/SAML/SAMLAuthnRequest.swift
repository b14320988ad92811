import Crypto

/// The `AuthnRequest` that starts a sign-in at an identity provider (SAML Core §3.4.1), sent through the
/// browser by the HTTP-Redirect binding (Bindings §3.4).
///
/// Unsigned: the redirect binding signs by adding `SigAlg` and `Signature` to the query, which Entra ID,
/// Okta, Keycloak and pysaml2 do not require unless told to, and a signature would prove only that the
/// request came from Portico, not who is signing in. What protects the flow is the request's `ID`:
/// the caller stores it with the browser that asked, and accepts a response only if its `InResponseTo`
/// names a request still outstanding for that browser.
package struct SAMLAuthnRequest: Sendable, Equatable {
    /// The NameID Portico asks for: whatever the identity provider uses, or the email address.
    package enum NameIDFormat: String, Sendable {
        case unspecified = "urn:oasis:names:tc:SAML:1.1:nameid-format:unspecified"
        case emailAddress = "urn:oasis:names:tc:SAML:1.1:nameid-format:emailAddress"
    }

    /// `_` and 32 hex digits.
    package var id: String
    /// Seconds since the Unix epoch.
    package var issueInstant: Int64
    /// Portico's entity id for this identity provider, the request's `Issuer`.
    package var serviceProviderEntityID: String
    /// Where the identity provider is to post its response.
    package var assertionConsumerServiceURL: String
    /// The identity provider's single sign-on URL for the redirect binding: the request's `Destination`.
    package var singleSignOnURL: String
    package var nameIDFormat: NameIDFormat

    package init(
        serviceProviderEntityID: String, assertionConsumerServiceURL: String, singleSignOnURL: String,
        nameIDFormat: NameIDFormat = .unspecified, issueInstant: Int64, id: String = SAMLAuthnRequest.randomID()
    ) {
        self.id = id
        self.issueInstant = issueInstant
        self.serviceProviderEntityID = serviceProviderEntityID
        self.assertionConsumerServiceURL = assertionConsumerServiceURL
        self.singleSignOnURL = singleSignOnURL
        self.nameIDFormat = nameIDFormat
    }

    /// 128 random bits as `_` and 32 hex digits (an `xs:ID` must not start with a digit).
    package static func randomID() -> String {
        "_" + Hex.encode(SecureRandom.bytes(16))
    }

    /// The request document. The response must come by HTTP-POST (the only binding Portico's ACS
    /// answers), and the identity provider may create an identifier for someone it has not sent before.
    package var xml: String {
        var xml = #"<samlp:AuthnRequest xmlns:samlp="urn:oasis:names:tc:SAML:2.0:protocol""#
        xml += #" xmlns:saml="urn:oasis:names:tc:SAML:2.0:assertion" ID="\#(XMLEscaping.attribute(id))" Version="2.0""#
        xml += #" IssueInstant="\#(SAMLInstant.format(issueInstant))" Destination="\#(XMLEscaping.attribute(singleSignOnURL))""#
        xml += #" AssertionConsumerServiceURL="\#(XMLEscaping.attribute(assertionConsumerServiceURL))""#
        xml += #" ProtocolBinding="urn:oasis:names:tc:SAML:2.0:bindings:HTTP-POST">"#
        xml += "<saml:Issuer>\(XMLEscaping.text(serviceProviderEntityID))</saml:Issuer>"
        xml += #"<samlp:NameIDPolicy Format="\#(nameIDFormat.rawValue)" AllowCreate="true"/>"#
        xml += "</samlp:AuthnRequest>"
        return xml
    }

    /// Where to send the browser: the single sign-on URL with `SAMLRequest` (the request deflated, in
    /// base64) and `RelayState` added to its query. The binding limits `RelayState` to 80 bytes; Portico
    /// sends an opaque key there, never a URL.
    package func redirectURL(relayState: String? = nil) -> String {
        let encoded = PaddedBase64.encode(StoredDeflate.encode(Array(xml.utf8)))
        var parameters = "SAMLRequest=" + PercentEncoding.encode(encoded)
        if let relayState { parameters += "&RelayState=" + PercentEncoding.encode(relayState) }
        // The query goes before any fragment, after any query the URL already has.
        let fragmentStart = singleSignOnURL.firstIndex(of: "#") ?? singleSignOnURL.endIndex
        let base = singleSignOnURL[..<fragmentStart]
        let separator = !base.contains("?") ? "?" : base.hasSuffix("?") || base.hasSuffix("&") ? "" : "&"
        return base + separator + parameters + singleSignOnURL[fragmentStart...]
    }
}
