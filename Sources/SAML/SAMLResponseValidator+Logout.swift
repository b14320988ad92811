internal import CXMLSec

/// A `LogoutRequest` an identity provider posted to end the sessions it names (single logout).
package struct SAMLLogoutRequest: Hashable, Sendable {
    package var id: String
    package var nameID: String
    /// The sessions it names; empty means every session of that NameID from this provider.
    package var sessionIndexes: [String]
}

extension SAMLResponseValidator {
    /// Checks a `LogoutRequest` sent by HTTP-POST (the `SAMLRequest` field): signed by one of the provider's
    /// certificates on the request element itself, from the provider, to Portico's logout address
    /// (`destination`), not expired. Logging someone out is harmless next to signing them in, but an
    /// unsigned request would let any page end anyone's session.
    package func validateLogoutRequest(encoded: String, destination: String, now: Int64) throws(Failure) -> SAMLLogoutRequest {
        guard encoded.utf8.count <= maximumSize / 3 * 8 + 16 else { throw Failure("too-large", "\(encoded.utf8.count) characters") }
        guard let bytes = SAMLPostBinding.decode(encoded) else { throw Failure("malformed", "SAMLRequest is not base64") }
        guard bytes.count <= maximumSize else { throw Failure("too-large", "\(bytes.count) bytes") }
        let document: LibXMLDocument
        do {
            document = try LibXMLDocument(parsing: bytes)
        } catch {
            throw Failure(error, checking: "the logout request")
        }
        guard let request = document.root, request.isElement("LogoutRequest", in: SAMLNamespace.protocol) else {
            throw Failure("malformed", "the root element is not a SAML 2.0 LogoutRequest")
        }
        do {
            _ = try document.registerIDs()
        } catch {
            throw Failure(error, checking: "the logout request")
        }
        guard try verifySignature(of: request, named: "the LogoutRequest", in: document) else {
            throw Failure("unsigned", "the LogoutRequest is not signed")
        }
        guard let id = document.attribute("ID", of: request), !id.isEmpty else { throw Failure("malformed", "the LogoutRequest has no ID") }
        guard let issuer = try Self.single("Issuer", in: SAMLNamespace.assertion, of: request, named: "the LogoutRequest") else {
            throw Failure("wrong-issuer", "the LogoutRequest names no Issuer")
        }
        try checkIssuer(issuer, of: "the LogoutRequest")
        if let sentTo = document.attribute("Destination", of: request), sentTo != destination {
            throw Failure("wrong-destination", "Destination \(Self.quoted(sentTo)), expected \(Self.quoted(destination))")
        }
        if let until = document.attribute("NotOnOrAfter", of: request) {
            guard let end = SAMLInstant.parse(until) else { throw Failure("malformed", "NotOnOrAfter \(Self.quoted(until))") }
            guard now < end + clockSkew else { throw Failure("expired", "the LogoutRequest expired at \(until)") }
        }
        guard let nameNode = try Self.single("NameID", in: SAMLNamespace.assertion, of: request, named: "the LogoutRequest"),
            let nameID = nameNode.canonicalText, !nameID.isEmpty
        else { throw Failure("malformed", "the LogoutRequest has no plain NameID") }
        let indexes = request.childElements.filter { $0.isElement("SessionIndex", in: SAMLNamespace.protocol) }.compactMap(\.canonicalText)
        return SAMLLogoutRequest(id: id, nameID: nameID, sessionIndexes: indexes)
    }
}
