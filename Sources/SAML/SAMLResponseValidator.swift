internal import CXMLSec
import Crypto

/// Checks a SAML `Response` an identity provider posted to Portico's assertion consumer service and returns
/// what its signed part says.
///
/// The order follows the attacks on SAML service providers rather than the schema: the size before
/// decoding, no DTD before parsing, unique IDs and exactly one assertion (a direct child of the Response)
/// before any signature, and then the rule that makes signature wrapping useless: whatever is read is
/// read from the element whose signature was just checked, in the same parsed tree. If the Response is
/// signed, its one Assertion child is covered; if only the Assertion is, everything that matters (issuer,
/// subject, conditions, statements) comes from inside it, and the Response around it is read only to
/// refuse (a failed status, another destination), never to accept. Values are read as canonical text
/// (`canonicalText`), so a comment slipped into a signed NameID cannot shorten it.
///
/// It does not check replay or the `InResponseTo` against outstanding requests: the caller holds that
/// state (`SAMLSignInStore`), using `assertionID`, `expiresAt` and `inResponseTo` from the claims.
package struct SAMLResponseValidator: Sendable {
    package struct Failure: Error, Hashable, Sendable, CustomStringConvertible {
        /// A short machine-readable reason for the audit log, one of: `too-large`, `malformed`, `dtd`,
        /// `wrapped` (duplicate IDs, a reference to another element, the assertion out of place),
        /// `several-assertions`, `no-assertion`, `unsigned`, `bad-signature`, `weak-algorithm` (SHA-1,
        /// RSA PKCS#1 v1.5 key transport, Triple DES), `unsupported-algorithm`, `encrypted-undecryptable`,
        /// `status`, `wrong-issuer`, `wrong-destination`, `wrong-audience`, `wrong-recipient`,
        /// `no-bearer-confirmation`, `expired`, `not-yet-valid`, `in-response-to-mismatch`, `xml-library`.
        package let reason: String
        /// What went wrong, for the log and the admin; never shown verbatim to the person signing in.
        package let detail: String

        package init(_ reason: String, _ detail: String) {
            self.reason = reason
            self.detail = detail
        }

        package var description: String { "\(reason): \(detail)" }
    }

    package let serviceProviderEntityID: String
    package let assertionConsumerServiceURL: String
    package let identityProviderEntityID: String
    package let certificates: [X509Certificate]
    /// Keys an `EncryptedAssertion` may be encrypted to (Portico's SAML keys); empty when none is accepted.
    package let decryptionKeys: [SigningCredentials]
    /// The most clock difference tolerated on `NotBefore` and `NotOnOrAfter`, in seconds.
    package let clockSkew: Int64
    /// The largest decoded response accepted, in bytes.
    package let maximumSize: Int

    package init(
        serviceProviderEntityID: String, assertionConsumerServiceURL: String, identityProviderEntityID: String,
        certificates: [X509Certificate], decryptionKeys: [SigningCredentials] = [], clockSkew: Int64 = 180,
        maximumSize: Int = 256 * 1024
    ) {
        self.serviceProviderEntityID = serviceProviderEntityID
        self.assertionConsumerServiceURL = assertionConsumerServiceURL
        self.identityProviderEntityID = identityProviderEntityID
        self.certificates = certificates
        self.decryptionKeys = decryptionKeys
        self.clockSkew = clockSkew
        self.maximumSize = maximumSize
    }

    /// `encodedResponse` is the `SAMLResponse` form field (base64). `InResponseTo` is returned, not
    /// checked: whether it names an outstanding request of this browser is the caller's to decide.
    package func validate(encodedResponse: String, now: Int64) throws(Failure) -> SAMLAssertionClaims {
        // Base64 spends four characters on three bytes; twice that leaves room for any line breaks.
        guard encodedResponse.utf8.count <= maximumSize / 3 * 8 + 16 else {
            throw Failure("too-large", "\(encodedResponse.utf8.count) characters of base64")
        }
        guard let bytes = SAMLPostBinding.decode(encodedResponse) else { throw Failure("malformed", "SAMLResponse is not base64") }
        guard bytes.count <= maximumSize else { throw Failure("too-large", "\(bytes.count) bytes, more than \(maximumSize)") }
        let document: LibXMLDocument
        do {
            document = try LibXMLDocument(parsing: bytes)
        } catch .libraryFailure(let problem) {
            throw Failure("xml-library", problem)
        } catch {
            throw Failure(error, checking: "the response")
        }
        return try validate(document, now: now)
    }

    private func validate(_ document: borrowing LibXMLDocument, now: Int64) throws(Failure) -> SAMLAssertionClaims {
        guard let response = document.root, response.isElement("Response", in: SAMLNamespace.protocol) else {
            throw Failure("malformed", "the root element is not a SAML 2.0 protocol Response")
        }
        guard document.attribute("Version", of: response) == "2.0" else { throw Failure("malformed", "the Response is not version 2.0") }
        var elements: [String: xmlNodePtr]
        do {
            elements = try document.registerIDs()
        } catch {
            throw Failure(error, checking: "the response")
        }

        // Read unsigned as yet, and only to refuse: an identity provider's error answer carries no assertion,
        // and its status says why better than "no assertion" would.
        try checkStatus(of: response, in: document)
        if let issuer = try Self.single("Issuer", in: SAMLNamespace.assertion, of: response, named: "the Response") {
            try checkIssuer(issuer, of: "the Response")
        }
        if let destination = document.attribute("Destination", of: response), destination != assertionConsumerServiceURL {
            throw Failure(
                "wrong-destination", "Destination \(Self.quoted(destination)), expected \(Self.quoted(assertionConsumerServiceURL))")
        }

        let slot = try assertionSlot(of: response)
        // The Response's signature covers the assertion as sent, encrypted or not, so it is checked before
        // decryption changes the tree.
        let responseSigned = try verifySignature(of: response, named: "the Response", in: document)
        let assertion: xmlNodePtr
        if slot.isElement("EncryptedAssertion", in: SAMLNamespace.assertion) {
            assertion = try decrypt(slot, in: document, registeringIDsIn: &elements)
        } else {
            assertion = slot
        }
        let assertionSigned = try verifySignature(of: assertion, named: "the Assertion", in: document)
        guard responseSigned || assertionSigned else { throw Failure("unsigned", "neither the Response nor the Assertion is signed") }

        var claims = try claims(of: assertion, in: document, now: now)
        // The Response's InResponseTo is trusted only where its signature covers it, and must agree with
        // the assertion's wherever both are given.
        if let answered = document.attribute("InResponseTo", of: response) {
            if let confirmed = claims.inResponseTo, confirmed != answered {
                throw Failure(
                    "in-response-to-mismatch",
                    "the Response answers \(Self.quoted(answered)), its assertion \(Self.quoted(confirmed))")
            }
            if responseSigned, claims.inResponseTo == nil { claims.inResponseTo = answered }
        }
        return claims
    }

    /// `Status/StatusCode` must say Success; otherwise the failure carries the codes and message.
    private func checkStatus(of response: xmlNodePtr, in document: borrowing LibXMLDocument) throws(Failure) {
        let protocolNamespace = SAMLNamespace.protocol
        guard let status = try Self.single("Status", in: protocolNamespace, of: response, named: "the Response"),
            let code = try Self.single("StatusCode", in: protocolNamespace, of: status, named: "Status")
        else { throw Failure("malformed", "the Response has no Status") }
        let value = document.attribute("Value", of: code) ?? ""
        guard value != SAMLNamespace.success else { return }
        var detail = value
        if let second = code.childElements.first(where: { $0.isElement("StatusCode", in: protocolNamespace) }) {
            detail += " / " + (document.attribute("Value", of: second) ?? "")
        }
        if let message = status.childElements.first(where: { $0.isElement("StatusMessage", in: protocolNamespace) })?.canonicalText {
            detail += ": " + message
        }
        throw Failure("status", Self.quoted(detail))
    }

    func checkIssuer(_ issuer: xmlNodePtr, of element: String) throws(Failure) {
        guard let name = issuer.canonicalText.map(Self.trimmed) else { throw Failure("malformed", "\(element)'s Issuer is not text") }
        guard name == identityProviderEntityID else {
            throw Failure("wrong-issuer", "\(element) is issued by \(Self.quoted(name)), expected \(Self.quoted(identityProviderEntityID))")
        }
    }

    /// The Response's one `Assertion` or `EncryptedAssertion` child, provided the document holds no other
    /// anywhere: a second assertion, wherever it hides, is how signature wrapping starts.
    private func assertionSlot(of response: xmlNodePtr) throws(Failure) -> xmlNodePtr {
        let found = Self.assertions(under: response)
        guard let first = found.first else { throw Failure("no-assertion", "the Response holds no assertion") }
        guard found.count == 1 else { throw Failure("several-assertions", "the Response holds \(found.count) assertions") }
        guard first.pointee.parent == response else { throw Failure("wrapped", "the assertion is not a child of the Response") }
        return first
    }

    /// Every `Assertion` and `EncryptedAssertion` element at or under `node`.
    static func assertions(under node: xmlNodePtr) -> [xmlNodePtr] {
        var found: [xmlNodePtr] = []
        var pending = [node]
        while let current = pending.popLast() {
            if current.isElement("Assertion", in: SAMLNamespace.assertion)
                || current.isElement("EncryptedAssertion", in: SAMLNamespace.assertion)
            {
                found.append(current)
            }
            pending.append(contentsOf: current.childElements)
        }
        return found
    }

    /// Whether `element` is signed; throws if it carries a Signature that is not valid by a configured certificate.
    func verifySignature(of element: xmlNodePtr, named name: String, in document: borrowing LibXMLDocument) throws(Failure) -> Bool {
        guard element.childElements.contains(where: { $0.isElement("Signature", in: XMLSignatureAlgorithm.signatureNamespace) }) else {
            return false
        }
        do {
            try XMLSignatureVerifier(certificates: certificates).verify(element, in: document)
        } catch {
            throw Failure(error, checking: name)
        }
        return true
    }

    /// Decrypts `encryptedAssertion` in place and returns the Assertion that took the ciphertext's place,
    /// its IDs registered beside the document's.
    private func decrypt(
        _ encryptedAssertion: xmlNodePtr, in document: borrowing LibXMLDocument, registeringIDsIn elements: inout [String: xmlNodePtr]
    ) throws(Failure) -> xmlNodePtr {
        guard !decryptionKeys.isEmpty else {
            throw Failure("encrypted-undecryptable", "the assertion is encrypted and no decryption key is configured")
        }
        do {
            try XMLDecryptor(keys: decryptionKeys).decryptContent(of: encryptedAssertion, in: document)
        } catch {
            throw Failure(error)
        }
        let plaintext = encryptedAssertion.childElements.filter { !$0.isElement("EncryptedKey", in: SAMLNamespace.xmlEncryption) }
        let decrypted = plaintext.flatMap(Self.assertions(under:))
        guard decrypted.count <= 1 else {
            throw Failure("several-assertions", "the EncryptedAssertion holds \(decrypted.count) assertions")
        }
        guard plaintext.count == 1, let assertion = plaintext.first, assertion.isElement("Assertion", in: SAMLNamespace.assertion) else {
            throw Failure("malformed", "the EncryptedAssertion does not decrypt to one Assertion")
        }
        do {
            try document.registerIDs(under: assertion, into: &elements)
        } catch {
            throw Failure(error, checking: "the decrypted Assertion")
        }
        return assertion
    }

    /// The single child of `parent` with this name; nil if none; refused if several.
    static func single(_ name: String, in namespace: String, of parent: xmlNodePtr, named parentName: String) throws(Failure) -> xmlNodePtr?
    {
        let found = parent.childElements.filter { $0.isElement(name, in: namespace) }
        guard found.count <= 1 else { throw Failure("malformed", "\(parentName) holds \(found.count) \(name) elements") }
        return found.first
    }

    /// XML Schema's whitespace collapse at the ends, as `anyURI` values (issuers, audiences) are compared.
    static func trimmed(_ text: String) -> String {
        let isSpace: (Character) -> Bool = { $0 == " " || $0 == "\t" || $0 == "\n" || $0 == "\r" || $0 == "\r\n" }
        guard let start = text.firstIndex(where: { !isSpace($0) }), let end = text.lastIndex(where: { !isSpace($0) }) else { return "" }
        return String(text[start...end])
    }

    /// A value from the document for a failure's detail: quoted, and cut short so a hostile response
    /// cannot flood the log.
    static func quoted(_ value: String) -> String {
        let limit = 160
        return "\"" + (value.count > limit ? value.prefix(limit) + "…" : value) + "\""
    }
}
