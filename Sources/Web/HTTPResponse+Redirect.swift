import HTTPServer

extension HTTPResponse {
    /// A redirect to a path on this site; anything that could leave it is refused with 400.
    ///
    /// Deep links come back as `?return_to=` and are attacker-controlled, so only a path with a single
    /// leading `/` is accepted: `//host` and `/\host` are read by browsers as another host, and control
    /// characters are refused because browsers drop tabs and newlines (`/\t/host` becomes `//host`).
    /// Spaces and non-ASCII are percent-encoded so the header stays valid.
    package static func redirect(toPath path: String, status: HTTPStatus = .seeOther) throws(HTTPError) -> HTTPResponse {
        guard isSameOriginPath(path) else { throw HTTPError(.badRequest, "The redirect target is not a path on this site.") }
        return HTTPResponse(status: status, headers: ["Location": encodedLocation(path)])
    }

    /// A redirect to another site, named so it cannot be reached by accident. The caller has checked the
    /// destination (for the console: an `https` URL on an allowed host); here only the shape is checked.
    package static func redirect(toExternalURL url: String, status: HTTPStatus = .seeOther) throws(HTTPError) -> HTTPResponse {
        let lowercased = url.lowercased()
        guard lowercased.hasPrefix("https://") || lowercased.hasPrefix("http://"), !containsControlCharacter(url) else {
            throw HTTPError(.badRequest, "The redirect target is not an absolute http(s) URL.")
        }
        return HTTPResponse(status: status, headers: ["Location": encodedLocation(url)])
    }

    /// True for `/…` paths that a browser resolves against this origin, whatever else they contain.
    package static func isSameOriginPath(_ path: String) -> Bool {
        var bytes = path.utf8.makeIterator()
        guard bytes.next() == UInt8(ascii: "/") else { return false }
        if let second = bytes.next(), second == UInt8(ascii: "/") || second == UInt8(ascii: "\\") { return false }
        return !containsControlCharacter(path)
    }

    private static func containsControlCharacter(_ text: String) -> Bool {
        text.utf8.contains { $0 < 0x20 || $0 == 0x7F }
    }

    private static func encodedLocation(_ target: String) -> String {
        guard target.utf8.contains(where: { $0 == UInt8(ascii: " ") || $0 >= 0x80 }) else { return target }
        var encoded: [UInt8] = []
        for byte in target.utf8 {
            if byte == UInt8(ascii: " ") || byte >= 0x80 {
                encoded.append(UInt8(ascii: "%"))
                encoded.append(contentsOf: Hex.upperCase(byte))
            } else {
                encoded.append(byte)
            }
        }
        return String(decoding: encoded, as: UTF8.self)
    }
}
