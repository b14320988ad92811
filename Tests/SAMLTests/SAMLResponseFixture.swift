import SAML
import Testing

/// A SAML Response as an identity provider would post it to Portico, every part replaceable.
///
/// Values go into the XML as they are, unescaped, so that a test can put markup (a comment, an element)
/// where a value belongs.
struct SAMLResponseFixture {
    static let identityProvider = "https://idp.example.com/metadata"
    static let serviceProvider = "https://portico.example.com/saml/sp/entra"
    static let consumerService = "https://portico.example.com/saml/sp/entra/acs"
    static let now: Int64 = 1_767_268_800  // 2026-01-01T12:00:00Z
    static let bearer = "urn:oasis:names:tc:SAML:2.0:cm:bearer"
    static let emailFormat = "urn:oasis:names:tc:SAML:1.1:nameid-format:emailAddress"
    static let passwordContext = "urn:oasis:names:tc:SAML:2.0:ac:classes:PasswordProtectedTransport"

    /// Trusts the identity provider's certificate and decrypts with Portico's key.
    static let validator = SAMLResponseValidator(
        serviceProviderEntityID: serviceProvider, assertionConsumerServiceURL: consumerService, identityProviderEntityID: identityProvider,
        certificates: [TestCredentials.identityProvider.certificate], decryptionKeys: [TestCredentials.portico])

    var responseID = "_response-1"
    var assertionID = "_assertion-1"
    var responseIssuer: String? = identityProvider
    var destination: String? = consumerService
    var responseInResponseTo: String? = "_request-1"
    var statusCode = "urn:oasis:names:tc:SAML:2.0:status:Success"
    var issuer = identityProvider
    var nameID = "alice@example.com"
    var confirmationMethod = bearer
    var recipient = consumerService
    var inResponseTo: String? = "_request-1"
    var confirmationEnd = now + 300
    var notBefore = now - 60
    var notOnOrAfter = now + 600
    var audience = serviceProvider
    var attributes =
        #"<saml:Attribute Name="email"><saml:AttributeValue>alice@example.com</saml:AttributeValue></saml:Attribute>"#
        + #"<saml:Attribute Name="groups"><saml:AttributeValue>Admins</saml:AttributeValue>"#
        + "<saml:AttributeValue>Developers</saml:AttributeValue></saml:Attribute>"
    /// Markup put in the Response before its assertion (an `Extensions`, a second assertion).
    var beforeAssertion = ""
    /// A Signature template placed after the Response's Issuer, for `XMLSec1.sign`.
    var responseSignature = ""
    /// A Signature template placed after the Assertion's Issuer, for `XMLSec1.sign`.
    var assertionSignature = ""

    /// The claims the default fixture yields.
    static let expectedClaims = SAMLAssertionClaims(
        assertionID: "_assertion-1", issuer: identityProvider, nameID: "alice@example.com", nameIDFormat: emailFormat,
        sessionIndex: "_session-1", inResponseTo: "_request-1", authnContextClassRef: passwordContext,
        attributes: ["email": ["alice@example.com"], "groups": ["Admins", "Developers"]], expiresAt: now + 300)

    var assertion: String {
        var xml = #"<saml:Assertion xmlns:saml="urn:oasis:names:tc:SAML:2.0:assertion" xmlns:xs="http://www.w3.org/2001/XMLSchema""#
        xml += #" ID="\#(assertionID)" Version="2.0" IssueInstant="\#(SAMLInstant.format(Self.now))">"#
        xml += "<saml:Issuer>\(issuer)</saml:Issuer>" + assertionSignature
        xml += #"<saml:Subject><saml:NameID Format="\#(Self.emailFormat)">\#(nameID)</saml:NameID>"#
        xml += #"<saml:SubjectConfirmation Method="\#(confirmationMethod)"><saml:SubjectConfirmationData"#
        xml += inResponseTo.map { #" InResponseTo="\#($0)""# } ?? ""
        xml += #" NotOnOrAfter="\#(SAMLInstant.format(confirmationEnd))" Recipient="\#(recipient)"/>"#
        xml += "</saml:SubjectConfirmation></saml:Subject>"
        xml += #"<saml:Conditions NotBefore="\#(SAMLInstant.format(notBefore))" NotOnOrAfter="\#(SAMLInstant.format(notOnOrAfter))">"#
        xml += "<saml:AudienceRestriction><saml:Audience>\(audience)</saml:Audience></saml:AudienceRestriction></saml:Conditions>"
        xml += #"<saml:AuthnStatement AuthnInstant="\#(SAMLInstant.format(Self.now - 5))" SessionIndex="_session-1">"#
        xml += "<saml:AuthnContext><saml:AuthnContextClassRef>\(Self.passwordContext)</saml:AuthnContextClassRef>"
        xml += "</saml:AuthnContext></saml:AuthnStatement>"
        xml += "<saml:AttributeStatement>\(attributes)</saml:AttributeStatement></saml:Assertion>"
        return xml
    }

    var xml: String {
        var xml = #"<samlp:Response xmlns:samlp="urn:oasis:names:tc:SAML:2.0:protocol" xmlns:saml="urn:oasis:names:tc:SAML:2.0:assertion""#
        xml += #" ID="\#(responseID)" Version="2.0" IssueInstant="\#(SAMLInstant.format(Self.now))""#
        xml += destination.map { #" Destination="\#($0)""# } ?? ""
        xml += responseInResponseTo.map { #" InResponseTo="\#($0)""# } ?? ""
        xml += ">"
        xml += responseIssuer.map { "<saml:Issuer>\($0)</saml:Issuer>" } ?? ""
        xml += responseSignature
        xml += #"<samlp:Status><samlp:StatusCode Value="\#(statusCode)"/></samlp:Status>"#
        xml += beforeAssertion + assertion + "</samlp:Response>"
        return xml
    }

    enum Signed {
        case response, assertion, both
    }

    /// The Response with XMLSigner's signatures on the parts named.
    func signed(_ which: Signed, by credentials: SigningCredentials = TestCredentials.identityProvider) throws -> String {
        let ids =
            switch which {
            case .response: [responseID]
            case .assertion: [assertionID]
            case .both: [assertionID, responseID]
            }
        return try XMLSigner(credentials: credentials).sign(xml, elementIDs: ids)
    }

    /// What the default validator makes of `xml`, posted at the fixture's `now`.
    static func validate(_ xml: String, with validator: SAMLResponseValidator = validator, at time: Int64 = now)
        throws(SAMLResponseValidator.Failure) -> SAMLAssertionClaims
    {
        try validator.validate(encodedResponse: SAMLPostBinding.encode(xml), now: time)
    }

    /// Why `xml` is refused, or nil if it is accepted.
    static func refusal(_ xml: String, with validator: SAMLResponseValidator = validator, at time: Int64 = now)
        -> SAMLResponseValidator.Failure?
    {
        do {
            _ = try validate(xml, with: validator, at: time)
            return nil
        } catch {
            return error
        }
    }
}

/// Expects `xml` to be refused for `reason`, naming the detail (or that it was accepted) when not.
func expectRefusal(
    _ xml: String, _ reason: String, with validator: SAMLResponseValidator = SAMLResponseFixture.validator,
    at time: Int64 = SAMLResponseFixture.now, sourceLocation: SourceLocation = #_sourceLocation
) {
    let failure = SAMLResponseFixture.refusal(xml, with: validator, at: time)
    #expect(failure?.reason == reason, "\(failure.map { "\($0)" } ?? "accepted")", sourceLocation: sourceLocation)
}
