/// What a checked SAML response says about who signed in, read only from the element its signature covers.
package struct SAMLAssertionClaims: Hashable, Sendable {
    package var assertionID: String
    package var issuer: String
    /// The subject's NameID as canonical text (every text node, comments ignored).
    package var nameID: String
    package var nameIDFormat: String?
    package var sessionIndex: String?
    /// The `AuthnRequest` it answers (`SubjectConfirmationData/@InResponseTo`); nil when the sign-in
    /// started at the identity provider.
    package var inResponseTo: String?
    package var authnContextClassRef: String?
    /// Attribute name → its values, each as canonical text.
    package var attributes: [String: [String]]
    /// Until when the assertion may be used (the earliest `NotOnOrAfter`), in seconds since 1970: how long
    /// the replay cache must remember it.
    package var expiresAt: Int64

    package init(
        assertionID: String, issuer: String, nameID: String, nameIDFormat: String? = nil, sessionIndex: String? = nil,
        inResponseTo: String? = nil, authnContextClassRef: String? = nil, attributes: [String: [String]] = [:], expiresAt: Int64
    ) {
        self.assertionID = assertionID
        self.issuer = issuer
        self.nameID = nameID
        self.nameIDFormat = nameIDFormat
        self.sessionIndex = sessionIndex
        self.inResponseTo = inResponseTo
        self.authnContextClassRef = authnContextClassRef
        self.attributes = attributes
        self.expiresAt = expiresAt
    }

    /// The first value of attribute `name`.
    package func attribute(_ name: String) -> String? { attributes[name]?.first }
}
