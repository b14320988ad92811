import Crypto
import Domain
import Foundation
import Storage
import TestSupport

@testable import App
@testable import SAML

/// An identity provider for end-to-end tests: its own key, and SAML responses it signs with Portico's
/// signer (the shape Entra sends: exclusive c14n, RSA-SHA256), or forges on request.
struct TestIdentityProvider {
    static let credentials = try! SigningCredentials.generate(now: 1_767_225_600)
    static let stranger = try! SigningCredentials.generate(now: 1_767_225_600)
    static let entityID = "https://idp.test/metadata"
    static let signInURL = "https://idp.test/sso"

    var provider: IdentityProvider

    init(key: String = "test", domains: [String] = ["example.com"], configure: (inout IdentityProvider) -> Void = { _ in }) {
        var provider = IdentityProvider(
            key: key, name: "Test IdP", entityID: Self.entityID, singleSignOnURL: Self.signInURL,
            certificates: [Self.credentials.certificatePEM], emailDomains: domains)
        configure(&provider)
        self.provider = provider
    }

    /// Stores the provider, as the admin page or `apply` would.
    func register(in app: PorticoApp) throws {
        try app.database.write { db in try IdentityProviderStore(db).create(provider) }
    }

    var acsPath: String { "/saml/sp/\(provider.key)/acs" }

    /// A base64 SAML Response for `nameID`, its Assertion signed (or not, or by another key).
    func response(
        baseURL: String, nameID: String, inResponseTo: String?, attributes: [String: [String]] = [:],
        now: Int64 = Int64(Date().timeIntervalSince1970),
        audience: String? = nil, signedBy: SigningCredentials? = credentials,
        authnContext: String = "urn:oasis:names:tc:SAML:2.0:ac:classes:Password",
        assertionID: String = "_a" + UUID().uuidString.lowercased().replacingOccurrences(of: "-", with: "")
    ) throws -> String {
        let sp = baseURL + "/saml/sp/" + provider.key
        let acs = sp + "/acs"
        let instant = SAMLInstant.format(now)
        let later = SAMLInstant.format(now + 300)
        let answering = inResponseTo.map { #" InResponseTo="\#($0)""# } ?? ""
        let statements = attributes.sorted { $0.key < $1.key }.map { name, values in
            #"<saml:Attribute Name="\#(name)">"# + values.map { "<saml:AttributeValue>\(escaped($0))</saml:AttributeValue>" }.joined()
                + "</saml:Attribute>"
        }.joined()
        var xml = #"<samlp:Response xmlns:samlp="urn:oasis:names:tc:SAML:2.0:protocol" xmlns:saml="urn:oasis:names:tc:SAML:2.0:assertion""#
        xml += #" ID="_r\#(assertionID)" Version="2.0" IssueInstant="\#(instant)" Destination="\#(acs)"\#(answering)>"#
        xml += "<saml:Issuer>\(Self.entityID)</saml:Issuer>"
        xml += #"<samlp:Status><samlp:StatusCode Value="urn:oasis:names:tc:SAML:2.0:status:Success"/></samlp:Status>"#
        xml +=
            #"<saml:Assertion xmlns:saml="urn:oasis:names:tc:SAML:2.0:assertion" ID="\#(assertionID)" Version="2.0" IssueInstant="\#(instant)">"#
        xml += "<saml:Issuer>\(Self.entityID)</saml:Issuer>"
        xml += "<saml:Subject><saml:NameID>\(escaped(nameID))</saml:NameID>"
        xml += #"<saml:SubjectConfirmation Method="urn:oasis:names:tc:SAML:2.0:cm:bearer"><saml:SubjectConfirmationData"#
        xml += #" NotOnOrAfter="\#(later)" Recipient="\#(acs)"\#(answering)/></saml:SubjectConfirmation></saml:Subject>"#
        xml += #"<saml:Conditions NotBefore="\#(instant)" NotOnOrAfter="\#(later)"><saml:AudienceRestriction>"#
        xml += "<saml:Audience>\(audience ?? sp)</saml:Audience></saml:AudienceRestriction></saml:Conditions>"
        xml += #"<saml:AuthnStatement AuthnInstant="\#(instant)" SessionIndex="_s\#(assertionID)"><saml:AuthnContext>"#
        xml += "<saml:AuthnContextClassRef>\(authnContext)</saml:AuthnContextClassRef></saml:AuthnContext></saml:AuthnStatement>"
        if !statements.isEmpty { xml += "<saml:AttributeStatement>\(statements)</saml:AttributeStatement>" }
        xml += "</saml:Assertion></samlp:Response>"
        let signed = try signedBy.map { try XMLSigner(credentials: $0).sign(xml, elementIDs: [assertionID]) } ?? xml
        return Data(signed.utf8).base64EncodedString()
    }

    /// The query of a `LogoutRequest` by HTTP-Redirect: deflated, base64, and signed in the query with
    /// RSA-SHA256 by `signedBy`.
    func redirectLogoutQuery(baseURL: String, nameID: String, signedBy: SigningCredentials = credentials) throws -> String {
        let xml = String(
            decoding: Data(base64Encoded: try logoutRequest(baseURL: baseURL, nameID: nameID, sessionIndex: nil, signedBy: nil))!,
            as: UTF8.self)
        let encoded = PercentEncoding.encode(Data(StoredDeflate.encode(Array(xml.utf8))).base64EncodedString())
        let signedPart =
            "SAMLRequest=\(encoded)&RelayState=back&SigAlg=" + PercentEncoding.encode("http://www.w3.org/2001/04/xmldsig-more#rsa-sha256")
        let signature = try RSAKeyPair.fromPEM(signedBy.privateKeyPEM).signSHA256(Array(signedPart.utf8))
        return signedPart + "&Signature=" + PercentEncoding.encode(Data(signature).base64EncodedString())
    }

    /// A base64 `LogoutRequest` for `nameID`, signed (or not).
    func logoutRequest(baseURL: String, nameID: String, sessionIndex: String?, signedBy: SigningCredentials? = credentials) throws -> String
    {
        let id = "_l" + UUID().uuidString.lowercased().replacingOccurrences(of: "-", with: "")
        let instant = SAMLInstant.format(Int64(Date().timeIntervalSince1970))
        var xml =
            #"<samlp:LogoutRequest xmlns:samlp="urn:oasis:names:tc:SAML:2.0:protocol" xmlns:saml="urn:oasis:names:tc:SAML:2.0:assertion""#
        xml += #" ID="\#(id)" Version="2.0" IssueInstant="\#(instant)" Destination="\#(baseURL)/saml/sp/\#(provider.key)/logout">"#
        xml += "<saml:Issuer>\(Self.entityID)</saml:Issuer><saml:NameID>\(escaped(nameID))</saml:NameID>"
        if let sessionIndex { xml += "<samlp:SessionIndex>\(sessionIndex)</samlp:SessionIndex>" }
        xml += "</samlp:LogoutRequest>"
        let signed = try signedBy.map { try XMLSigner(credentials: $0).sign(xml, elementIDs: [id]) } ?? xml
        return Data(signed.utf8).base64EncodedString()
    }

    private func escaped(_ text: String) -> String {
        text.replacingOccurrences(of: "&", with: "&amp;").replacingOccurrences(of: "<", with: "&lt;")
    }
}
