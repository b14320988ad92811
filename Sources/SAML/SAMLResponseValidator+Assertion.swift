internal import CXMLSec

/// Reading a checked Assertion: its issuer, conditions, subject and statements, each from its direct children.
extension SAMLResponseValidator {
    /// What `assertion` says, once its conditions and subject confirmation hold at `now`. Only the
    /// assertion's own children are read, never the Response around it nor anything deeper than the
    /// schema puts it (an `Advice`, say).
    func claims(of assertion: xmlNodePtr, in document: borrowing LibXMLDocument, now: Int64) throws(Failure) -> SAMLAssertionClaims {
        let saml = SAMLNamespace.assertion
        guard document.attribute("Version", of: assertion) == "2.0", let assertionID = document.attribute("ID", of: assertion),
            !assertionID.isEmpty
        else { throw Failure("malformed", "the Assertion lacks its ID or is not version 2.0") }
        guard let issuer = try Self.single("Issuer", in: saml, of: assertion, named: "the Assertion") else {
            throw Failure("wrong-issuer", "the Assertion names no Issuer")
        }
        try checkIssuer(issuer, of: "the Assertion")

        let conditionsEnd = try checkConditions(
            try Self.single("Conditions", in: saml, of: assertion, named: "the Assertion"), in: document, now: now)
        guard let subject = try Self.single("Subject", in: saml, of: assertion, named: "the Assertion") else {
            throw Failure("malformed", "the Assertion has no Subject")
        }
        let confirmation = try bearerConfirmation(in: subject, document: document, now: now)
        guard let nameID = try Self.single("NameID", in: saml, of: subject, named: "the Subject") else {
            throw Failure("malformed", "the Subject has no plain NameID (an EncryptedID or BaseID is not read)")
        }
        guard let name = nameID.canonicalText, !name.isEmpty else { throw Failure("malformed", "the NameID is empty or holds an element") }

        var claims = SAMLAssertionClaims(
            assertionID: assertionID, issuer: identityProviderEntityID, nameID: name,
            nameIDFormat: document.attribute("Format", of: nameID), inResponseTo: confirmation.inResponseTo,
            expiresAt: min(confirmation.notOnOrAfter, conditionsEnd ?? .max))
        guard let authentication = assertion.childElements.first(where: { $0.isElement("AuthnStatement", in: saml) }) else {
            throw Failure("malformed", "the Assertion has no AuthnStatement")
        }
        claims.sessionIndex = document.attribute("SessionIndex", of: authentication)
        if let context = try Self.single("AuthnContext", in: saml, of: authentication, named: "the AuthnStatement"),
            let classReference = try Self.single("AuthnContextClassRef", in: saml, of: context, named: "the AuthnContext")
        {
            guard let text = classReference.canonicalText else { throw Failure("malformed", "the AuthnContextClassRef holds an element") }
            claims.authnContextClassRef = Self.trimmed(text)
        }
        claims.attributes = try attributes(of: assertion, in: document)
        return claims
    }

    /// Checks `NotBefore`, `NotOnOrAfter` and the audience; returns `NotOnOrAfter` if given.
    ///
    /// Each `AudienceRestriction` must name Portico (SAML Core §2.5.1.4: several restrictions must all
    /// hold). A condition Portico does not know makes the assertion's validity indeterminate, which is
    /// refused; `OneTimeUse` is what the caller's replay check does anyway, and Portico never proxies.
    private func checkConditions(_ conditions: xmlNodePtr?, in document: borrowing LibXMLDocument, now: Int64) throws(Failure) -> Int64? {
        guard let conditions else { throw Failure("wrong-audience", "the Assertion has no Conditions, so no AudienceRestriction") }
        try checkNotBefore(document.attribute("NotBefore", of: conditions), of: "the Conditions", now: now)
        let end = try checkNotOnOrAfter(document.attribute("NotOnOrAfter", of: conditions), of: "the Conditions", now: now)
        let saml = SAMLNamespace.assertion
        var restrictions = 0
        for condition in conditions.childElements {
            if condition.isElement("AudienceRestriction", in: saml) {
                restrictions += 1
                var audiences: [String] = []
                for audience in condition.childElements where audience.isElement("Audience", in: saml) {
                    guard let text = audience.canonicalText else { throw Failure("malformed", "an Audience holds an element") }
                    audiences.append(Self.trimmed(text))
                }
                guard audiences.contains(serviceProviderEntityID) else {
                    throw Failure(
                        "wrong-audience",
                        "the audience is \(audiences.map(Self.quoted).joined(separator: ", ")), not \(Self.quoted(serviceProviderEntityID))"
                    )
                }
            } else if !condition.isElement("OneTimeUse", in: saml), !condition.isElement("ProxyRestriction", in: saml) {
                throw Failure("malformed", "the Conditions hold a condition Portico does not know: \(condition.localName)")
            }
        }
        guard restrictions > 0 else { throw Failure("wrong-audience", "the Conditions hold no AudienceRestriction") }
        return end
    }

    /// The first bearer `SubjectConfirmation` whose data is addressed to Portico's ACS and still valid
    /// (Profiles §4.1.4.2); if none is, the failure of the first.
    private func bearerConfirmation(
        in subject: xmlNodePtr, document: borrowing LibXMLDocument, now: Int64
    ) throws(Failure) -> (notOnOrAfter: Int64, inResponseTo: String?) {
        let saml = SAMLNamespace.assertion
        var firstFailure: Failure?
        for confirmation in subject.childElements
        where confirmation.isElement("SubjectConfirmation", in: saml)
            && document.attribute("Method", of: confirmation) == SAMLNamespace.bearer
        {
            do throws(Failure) {
                guard let data = try Self.single("SubjectConfirmationData", in: saml, of: confirmation, named: "the SubjectConfirmation")
                else {
                    throw Failure("wrong-recipient", "a bearer SubjectConfirmation has no SubjectConfirmationData")
                }
                let recipient = document.attribute("Recipient", of: data) ?? ""
                guard recipient == assertionConsumerServiceURL else {
                    throw Failure(
                        "wrong-recipient", "the Recipient is \(Self.quoted(recipient)), not \(Self.quoted(assertionConsumerServiceURL))")
                }
                try checkNotBefore(document.attribute("NotBefore", of: data), of: "the SubjectConfirmationData", now: now)
                guard
                    let end = try checkNotOnOrAfter(
                        document.attribute("NotOnOrAfter", of: data), of: "the SubjectConfirmationData", now: now)
                else { throw Failure("malformed", "the SubjectConfirmationData has no NotOnOrAfter") }
                return (end, document.attribute("InResponseTo", of: data))
            } catch {
                if firstFailure == nil { firstFailure = error }
            }
        }
        throw firstFailure ?? Failure("no-bearer-confirmation", "the Subject has no bearer SubjectConfirmation")
    }

    private func checkNotBefore(_ text: String?, of element: String, now: Int64) throws(Failure) {
        guard let text else { return }
        guard let start = SAMLInstant.parse(text) else { throw Failure("malformed", "NotBefore of \(element) is \(Self.quoted(text))") }
        guard now + clockSkew >= start else { throw Failure("not-yet-valid", "NotBefore of \(element) is \(text)") }
    }

    private func checkNotOnOrAfter(_ text: String?, of element: String, now: Int64) throws(Failure) -> Int64? {
        guard let text else { return nil }
        guard let end = SAMLInstant.parse(text) else { throw Failure("malformed", "NotOnOrAfter of \(element) is \(Self.quoted(text))") }
        guard now - clockSkew < end else { throw Failure("expired", "NotOnOrAfter of \(element) is \(text)") }
        return end
    }

    /// Every `Attribute` of every `AttributeStatement`, by `Name`, its values in document order; an attribute
    /// named twice gathers the values of both.
    private func attributes(of assertion: xmlNodePtr, in document: borrowing LibXMLDocument) throws(Failure) -> [String: [String]] {
        let saml = SAMLNamespace.assertion
        var attributes: [String: [String]] = [:]
        for statement in assertion.childElements where statement.isElement("AttributeStatement", in: saml) {
            for attribute in statement.childElements where attribute.isElement("Attribute", in: saml) {
                guard let name = document.attribute("Name", of: attribute), !name.isEmpty else {
                    throw Failure("malformed", "an Attribute has no Name")
                }
                var values = attributes[name] ?? []
                for value in attribute.childElements where value.isElement("AttributeValue", in: saml) {
                    guard let text = value.canonicalText else {
                        throw Failure("malformed", "a value of \(Self.quoted(name)) holds an element")
                    }
                    values.append(text)
                }
                attributes[name] = values
            }
        }
        return attributes
    }
}
