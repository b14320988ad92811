import Crypto

/// Writes the SAML 2.0 Response that signs a person into the AWS console (SPEC §4).
///
/// Plain string building rather than a DOM: the document's shape is fixed, every value passes through
/// `XMLEscaping`, and `XMLSigner` parses the result anyway, so a builder bug shows up as a parse
/// error before anything is signed. The clock and the ID source are injected so tests can pin both.
package struct SAMLAssertionBuilder: Sendable {
    /// AWS's sign-in endpoint, the default for `signInURL`.
    package static let awsSignInURL = "https://signin.aws.amazon.com/saml"
    /// How long AWS may accept the assertion after issue; SPEC §4 says five minutes.
    package static let assertionLifetimeSeconds: Int64 = 300
    /// How far before issue `NotBefore` starts, so AWS's clock running slightly behind ours does not
    /// make a fresh assertion look not-yet-valid.
    package static let clockSkewSeconds: Int64 = 60

    /// Portico's SAML entity id, written as `Issuer`.
    package var entityID: String
    /// Where the Response is POSTed: its `Destination` and the subject confirmation's `Recipient`.
    package var signInURL: String
    /// Seconds since the Unix epoch.
    package var now: @Sendable () -> Int64
    /// A fresh XML ID on every call.
    package var makeID: @Sendable () -> String

    package init(
        entityID: String,
        signInURL: String = awsSignInURL,
        now: @escaping @Sendable () -> Int64,
        makeID: @escaping @Sendable () -> String = SAMLAssertionBuilder.randomID
    ) {
        self.entityID = entityID
        self.signInURL = signInURL
        self.now = now
        self.makeID = makeID
    }

    /// `_` and 40 hex digits: 160 random bits, and an `xs:ID` must not start with a digit.
    package static func randomID() -> String {
        "_" + Hex.encode(SecureRandom.bytes(20))
    }

    /// The unsigned Response, one Assertion inside, for `launch`.
    package func response(for launch: ConsoleLaunch) -> UnsignedSAMLResponse {
        let issuedAt = now()
        let issueInstant = SAMLInstant.format(issuedAt)
        let expiry = SAMLInstant.format(issuedAt + Self.assertionLifetimeSeconds)
        let responseID = XMLEscaping.attribute(makeID())
        let assertionID = XMLEscaping.attribute(makeID())
        let sessionIndex = XMLEscaping.attribute(makeID())
        let issuer =
            #"<saml:Issuer Format="urn:oasis:names:tc:SAML:2.0:nameid-format:entity">"#
            + XMLEscaping.text(entityID) + "</saml:Issuer>"
        let destination = XMLEscaping.attribute(signInURL)

        var xml = #"<samlp:Response xmlns:samlp="urn:oasis:names:tc:SAML:2.0:protocol" xmlns:saml="urn:oasis:names:tc:SAML:2.0:assertion""#
        xml += #" ID="\#(responseID)" Version="2.0" IssueInstant="\#(issueInstant)" Destination="\#(destination)">"#
        xml += issuer
        xml += #"<samlp:Status><samlp:StatusCode Value="urn:oasis:names:tc:SAML:2.0:status:Success"/></samlp:Status>"#
        // The Assertion declares its own namespace so it stays self-contained if a consumer lifts it out.
        xml += #"<saml:Assertion xmlns:saml="urn:oasis:names:tc:SAML:2.0:assertion""#
        xml += #" ID="\#(assertionID)" Version="2.0" IssueInstant="\#(issueInstant)">"#
        xml += issuer
        xml += "<saml:Subject>"
        xml +=
            #"<saml:NameID Format="urn:oasis:names:tc:SAML:2.0:nameid-format:persistent">"#
            + XMLEscaping.text(launch.nameID) + "</saml:NameID>"
        xml += #"<saml:SubjectConfirmation Method="urn:oasis:names:tc:SAML:2.0:cm:bearer">"#
        xml += #"<saml:SubjectConfirmationData NotOnOrAfter="\#(expiry)" Recipient="\#(destination)"/>"#
        xml += "</saml:SubjectConfirmation></saml:Subject>"
        xml += #"<saml:Conditions NotBefore="\#(SAMLInstant.format(issuedAt - Self.clockSkewSeconds))" NotOnOrAfter="\#(expiry)">"#
        xml += "<saml:AudienceRestriction><saml:Audience>urn:amazon:webservices</saml:Audience></saml:AudienceRestriction>"
        xml += "</saml:Conditions>"
        xml += #"<saml:AuthnStatement AuthnInstant="\#(SAMLInstant.format(launch.authenticatedAt))" SessionIndex="\#(sessionIndex)">"#
        xml += "<saml:AuthnContext><saml:AuthnContextClassRef>"
        xml += "urn:oasis:names:tc:SAML:2.0:ac:classes:PasswordProtectedTransport"
        xml += "</saml:AuthnContextClassRef></saml:AuthnContext></saml:AuthnStatement>"
        xml += "<saml:AttributeStatement>"
        xml += Self.attribute("Role", launch.roleAttributeValue)
        xml += Self.attribute("RoleSessionName", RoleSessionName.fitting(launch.email))
        xml += Self.attribute("SessionDuration", String(launch.sessionDurationSeconds))
        for tag in launch.principalTags {
            xml += Self.attribute("PrincipalTag:" + tag.key, tag.value)
        }
        xml += "</saml:AttributeStatement></saml:Assertion></samlp:Response>"
        return UnsignedSAMLResponse(xml: xml, responseID: responseID, assertionID: assertionID)
    }

    private static func attribute(_ name: String, _ value: String) -> String {
        #"<saml:Attribute Name="https://aws.amazon.com/SAML/Attributes/\#(XMLEscaping.attribute(name))""#
            + #" NameFormat="urn:oasis:names:tc:SAML:2.0:attrname-format:uri">"#
            + "<saml:AttributeValue>" + XMLEscaping.text(value) + "</saml:AttributeValue></saml:Attribute>"
    }
}
