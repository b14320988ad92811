/// What the head parser learns from the fields that steer framing and connection handling:
/// `Host`, `Content-Length`, `Transfer-Encoding`, `Connection` and `Expect`.
///
/// These rules are where request smuggling and cache poisoning live, so they are strict and kept in one
/// place: one valid `Host` (RFC 9112 §3.2), exactly one way to delimit the body (RFC 9112 §6.1–§6.3),
/// the version's persistence default (RFC 9112 §9.3) and only the `100-continue` expectation
/// (RFC 9110 §10.1.1). Each field is looked at once, as raw bytes, while its line is parsed.
struct HTTPRequestFieldSummary {
    private var hostCount = 0
    private var contentLength: Int?
    private var hasTransferEncoding = false
    private var transferCodingCount = 0
    private var everyCodingIsChunked = true
    private var connectionClose = false
    private var connectionKeepAlive = false
    private var continueExpected = false
    private var unsupportedExpectation = false

    /// Longest `Content-Length` accepted: 18 decimal digits cannot overflow `Int`.
    private static let maxContentLengthDigits = 18

    /// Takes note of one field; returns the status to answer with when this field alone condemns the request.
    mutating func record(name: UnsafeRawBufferPointer, value: UnsafeRawBufferPointer) -> HTTPStatus? {
        switch name.count {
        case 4 where HTTPGrammar.equalsIgnoringCase(name, "host"):
            hostCount += 1
            // An empty host is legal only for targets without an authority, which this server never serves,
            // so it is refused: the application may rely on a non-empty host when it builds URLs.
            return HTTPGrammar.isValidAuthority(value, requiringPort: false) ? nil : .badRequest
        case 6 where HTTPGrammar.equalsIgnoringCase(name, "expect"):
            if HTTPGrammar.equalsIgnoringCase(value, "100-continue") {
                continueExpected = true
            } else {
                unsupportedExpectation = true
            }
            return nil
        case 10 where HTTPGrammar.equalsIgnoringCase(name, "connection"):
            _ = HTTPGrammar.forEachListElement(in: value) { option -> Void? in
                if HTTPGrammar.equalsIgnoringCase(option, "close") { connectionClose = true }
                if HTTPGrammar.equalsIgnoringCase(option, "keep-alive") { connectionKeepAlive = true }
                return nil
            }
            return nil
        case 14 where HTTPGrammar.equalsIgnoringCase(name, "content-length"):
            return recordContentLength(value)
        case 17 where HTTPGrammar.equalsIgnoringCase(name, "transfer-encoding"):
            hasTransferEncoding = true
            _ = HTTPGrammar.forEachListElement(in: value) { coding -> Void? in
                // Empty list elements are allowed and ignored (RFC 9110 §5.6.1.2).
                guard !coding.isEmpty else { return nil }
                transferCodingCount += 1
                if !HTTPGrammar.equalsIgnoringCase(coding, "chunked") { everyCodingIsChunked = false }
                return nil
            }
            return nil
        default:
            return nil
        }
    }

    /// Fills in the head's framing, persistence and expectation, or returns the status that rejects the head.
    func resolve(into head: inout HTTPRequestHead) -> HTTPStatus? {
        let isHTTP11 = head.version == .http1_1
        if hostCount > 1 || (isHTTP11 && hostCount == 0) { return .badRequest }

        if hasTransferEncoding {
            // A 1.0 recipient cannot have meant chunked, and TE next to CL is the classic smuggling
            // vector (RFC 9112 §6.1): refuse both rather than pick one.
            if !isHTTP11 || contentLength != nil || transferCodingCount == 0 { return .badRequest }
            // Only `chunked`, applied once: any other coding is one this server cannot undo.
            guard transferCodingCount == 1, everyCodingIsChunked else { return .notImplemented }
            head.framing = .chunked
        } else if let contentLength {
            head.framing = .contentLength(contentLength)
        } else {
            head.framing = .none
        }

        head.keepAlive = isHTTP11 ? !connectionClose : connectionKeepAlive && !connectionClose
        // A 1.0 client cannot know 100 Continue, so its expectations are ignored (RFC 9110 §10.1.1).
        if isHTTP11 {
            if unsupportedExpectation { return .expectationFailed }
            head.expectsContinue = continueExpected
        } else {
            head.expectsContinue = false
        }
        return nil
    }

    /// `Content-Length = 1*DIGIT`, where a list of identical values (from merged duplicates) is tolerated
    /// and anything else, including differing repeats, is rejected (RFC 9112 §6.3 item 5).
    private mutating func recordContentLength(_ value: UnsafeRawBufferPointer) -> HTTPStatus? {
        let failure = HTTPGrammar.forEachListElement(in: value) { element -> HTTPStatus? in
            guard !element.isEmpty, element.count <= Self.maxContentLengthDigits else { return .badRequest }
            var length = 0
            for byte in element {
                guard HTTPGrammar.isDigit(byte) else { return .badRequest }
                length = length * 10 + Int(byte &- UInt8(ascii: "0"))
            }
            if let contentLength, contentLength != length { return .badRequest }
            contentLength = length
            return nil
        }
        return failure
    }
}
