internal import CXMLSec

extension SAMLResponseValidator {
    /// Checks a `LogoutRequest` sent by HTTP-POST (the `SAMLRequest` field): signed by one of the provider's
    /// certificates on the request element itself, from the provider, to Portico's logout address
    /// (`destination`), not expired. Logging someone out is harmless next to signing them in, but an
    /// unsigned request would let any page end anyone's session.
    package func validateLogoutRequest(encoded: String, destination: String, now: Int64) throws(Failure) -> SAMLLogoutRequest {
        guard encoded.utf8.count <= maximumSize / 3 * 8 + 16 else { throw Failure("too-large", "\(encoded.utf8.count) characters") }
        guard let bytes = SAMLPostBinding.decode(encoded) else { throw Failure("malformed", "SAMLRequest is not base64") }
        guard bytes.count <= maximumSize else { throw Failure("too-large", "\(bytes.count) bytes") }
        return try logoutRequest(bytes, destination: destination, now: now, signedInQuery: false)
    }

    /// Checks a `LogoutRequest` sent by HTTP-Redirect (SAML bindings §3.4.4): `rawQuery` as it arrived, so
    /// the signature (RSA-SHA256 by one of the provider's certificates, over `SAMLRequest=…&RelayState=…&
    /// SigAlg=…` exactly as sent) is checked before the deflated message is inflated and read.
    package func validateRedirectLogoutRequest(rawQuery: String, destination: String, now: Int64) throws(Failure) -> SAMLLogoutRequest {
        guard rawQuery.utf8.count <= maximumSize else { throw Failure("too-large", "\(rawQuery.utf8.count) characters of query") }
        var raw: [String: Substring] = [:]
        for pair in rawQuery.split(separator: "&") {
            let parts = pair.split(separator: "=", maxSplits: 1, omittingEmptySubsequences: false)
            guard parts.count == 2, raw[String(parts[0])] == nil else {
                throw Failure("malformed", "a query field is repeated or has no value")
            }
            raw[String(parts[0])] = parts[1]
        }
        guard let request = raw["SAMLRequest"], let algorithm = raw["SigAlg"], let signature = raw["Signature"] else {
            throw Failure("unsigned", "the redirect carries no SAMLRequest, SigAlg and Signature")
        }
        guard Self.percentDecoded(algorithm) == XMLSignatureAlgorithm.rsaSHA256 else {
            throw Failure("weak-algorithm", "SigAlg \(Self.quoted(Self.percentDecoded(algorithm) ?? ""))")
        }
        var signed = "SAMLRequest=" + request
        if let relayState = raw["RelayState"] { signed += "&RelayState=" + relayState }
        signed += "&SigAlg=" + algorithm
        guard let signatureBytes = Self.percentDecoded(signature).flatMap(SAMLPostBinding.decode),
            certificates.contains(where: { $0.isValidSHA256Signature(signatureBytes, for: Array(signed.utf8)) })
        else { throw Failure("bad-signature", "the redirect's signature is not by a configured certificate") }
        guard let deflated = Self.percentDecoded(request).flatMap(SAMLPostBinding.decode) else {
            throw Failure("malformed", "SAMLRequest is not base64")
        }
        let bytes: [UInt8]
        do {
            bytes = try Inflater.inflate(deflated, limit: maximumSize)
        } catch {
            throw Failure("malformed", "SAMLRequest is not DEFLATE: \(error.reason)")
        }
        return try logoutRequest(bytes, destination: destination, now: now, signedInQuery: true)
    }

    /// The request read from its XML; its own signature is required unless the query's was checked.
    private func logoutRequest(_ bytes: [UInt8], destination: String, now: Int64, signedInQuery: Bool) throws(Failure) -> SAMLLogoutRequest
    {
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
        let signedInXML = try verifySignature(of: request, named: "the LogoutRequest", in: document)
        guard signedInQuery || signedInXML else { throw Failure("unsigned", "the LogoutRequest is not signed") }
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

    /// `%XX` escapes decoded (a `+` stays a `+`: base64 uses it, and identity providers do not all escape it);
    /// nil for a bad escape or text that is not UTF-8.
    static func percentDecoded(_ text: Substring) -> String? {
        var bytes: [UInt8] = []
        var index = text.utf8.startIndex
        let utf8 = text.utf8
        while index < utf8.endIndex {
            let byte = utf8[index]
            if byte == UInt8(ascii: "%") {
                let high = utf8.index(after: index)
                guard high < utf8.endIndex, utf8.index(after: high) < utf8.endIndex,
                    let value = UInt8(String(decoding: [utf8[high], utf8[utf8.index(after: high)]], as: UTF8.self), radix: 16)
                else { return nil }
                bytes.append(value)
                index = utf8.index(high, offsetBy: 2)
            } else {
                bytes.append(byte)
                index = utf8.index(after: index)
            }
        }
        return String(validating: bytes, as: UTF8.self)
    }
}
