import Glibc

/// Incremental, pure parser of one request head (RFC 9112 §2–§5). No I/O.
///
/// The shape of picohttpparser: the caller passes everything buffered for this request on every call and
/// gets back "complete, consumed N", "need more" or "invalid: answer with this status". The parser keeps
/// how far it has read, so a head trickling in one byte per read costs O(n) in total, not O(n²).
///
/// Every verdict is tied to a byte position, never to how the bytes were split across reads: a line is
/// judged when its LF arrives, a bare CR as soon as the byte after it has, and a length limit at the first
/// byte position that breaks it. The same bytes therefore get the same answer whether they arrive whole
/// or one at a time; only a bare CR's 400 or a limit's 414 or 431 may come before the rest of the doomed
/// line has arrived.
package struct HTTPRequestHeadParser: Sendable {
    private let limits: HTTPServerLimits
    /// Start of the line being read.
    private var lineStart = 0
    /// Bytes of the current line before this offset are known not to be LF.
    private var scanned = 0
    /// Set once the request line has been read; until then empty lines are skipped.
    private var requestLine: (method: HTTPMethod, target: String, version: HTTPVersion)?
    private var fields: [HTTPHeaders.Field] = []
    private var summary = HTTPRequestFieldSummary()
    /// The verdict once the head is known to be invalid, repeated until `reset()`.
    private var failure: HTTPStatus?

    /// Header fields most requests fit in, reserved up front so that the array grows once.
    private static let typicalFieldCount = 16

    package init(limits: HTTPServerLimits) {
        self.limits = limits
    }

    /// Parses the head at the start of `buffer`.
    ///
    /// `buffer` always starts at the first byte of this request: the same bytes again plus more on each call.
    /// After `.complete` the parser is ready for the next request; after `.invalid` it repeats its verdict
    /// until `reset()`.
    package mutating func parse(_ buffer: UnsafeRawBufferPointer) -> HTTPHeadParseResult {
        if let failure { return .invalid(failure) }
        precondition(buffer.count >= scanned, "parse(_:) must be given every byte it was given before")
        while true {
            guard let lineFeed = Self.firstByte(HTTPGrammar.lineFeed, in: buffer, from: scanned, to: buffer.count) else {
                // A CR whose next byte has arrived and is not LF is bare: refused now, not when the line ends.
                let bareCarriageReturn = Self.firstByte(
                    HTTPGrammar.carriageReturn, in: buffer, from: max(lineStart, scanned - 1), to: buffer.count - 1)
                scanned = buffer.count
                let limit = brokenLimit(lineFeedAtOrAfter: buffer.count)
                if let status = Self.firstVerdict(bareCarriageReturn: bareCarriageReturn, limit: limit) { return fail(status) }
                return .needMore
            }
            if let limit = brokenLimit(lineFeedAtOrAfter: lineFeed) {
                // The line is doomed, but a reader fed one byte at a time may have met a bare CR in it first.
                let bareCarriageReturn = Self.firstByte(
                    HTTPGrammar.carriageReturn, in: buffer, from: lineStart, to: lineFeed - 1)
                return fail(Self.firstVerdict(bareCarriageReturn: bareCarriageReturn, limit: limit) ?? limit.status)
            }

            // CRLF or a bare LF ends a line (RFC 9112 §2.2); a bare CR stays in the line and fails its grammar.
            var lineEnd = lineFeed
            if lineEnd > lineStart, buffer[lineEnd - 1] == HTTPGrammar.carriageReturn { lineEnd -= 1 }
            let line = UnsafeRawBufferPointer(rebasing: buffer[lineStart..<lineEnd])
            lineStart = lineFeed + 1
            scanned = lineStart

            if requestLine == nil {
                // Empty lines before the request line are leftovers of a previous body (RFC 9112 §2.2).
                guard !line.isEmpty else { continue }
                if let status = parseRequestLine(line) { return fail(status) }
            } else if line.isEmpty {
                return finish(consumed: lineStart)
            } else if let status = parseFieldLine(line) {
                return fail(status)
            }
        }
    }

    /// Forgets everything about the current request.
    package mutating func reset() {
        self = HTTPRequestHeadParser(limits: limits)
    }

    private mutating func fail(_ status: HTTPStatus) -> HTTPHeadParseResult {
        failure = status
        return .invalid(status)
    }

    /// The limit broken if the current line's LF is at `position` or later, with the buffered length at
    /// which it broke; nil if none is.
    ///
    /// The request line, terminator included, must fit in `maxRequestLineLength` bytes, and the whole head,
    /// leading empty lines and final empty line included, in `maxHeaderSectionLength`. When both are
    /// broken, the one broken at the earlier byte wins, so that the answer does not depend on the reads.
    private func brokenLimit(lineFeedAtOrAfter position: Int) -> (status: HTTPStatus, brokenAt: Int)? {
        let headLimit = limits.maxHeaderSectionLength
        if requestLine == nil, position - lineStart >= limits.maxRequestLineLength,
            limits.maxRequestLineLength <= headLimit - lineStart
        {
            return (.uriTooLong, lineStart + limits.maxRequestLineLength)
        }
        return position >= headLimit ? (.requestHeaderFieldsTooLarge, headLimit) : nil
    }

    /// Of a bare CR at offset `bareCarriageReturn` and a broken limit, the verdict a reader fed one byte at a
    /// time reaches first: the CR is known bare once the byte after it has arrived, the limit once
    /// `brokenAt` bytes have. On a tie the CR wins, as it would in a single call that sees both.
    private static func firstVerdict(
        bareCarriageReturn: Int?, limit: (status: HTTPStatus, brokenAt: Int)?
    ) -> HTTPStatus? {
        switch (bareCarriageReturn, limit) {
        case (let carriageReturn?, let limit?): carriageReturn + 2 <= limit.brokenAt ? .badRequest : limit.status
        case (.some, nil): .badRequest
        case (nil, let limit?): limit.status
        case (nil, nil): nil
        }
    }

    /// `method SP request-target SP HTTP-version` (RFC 9112 §3), strictly: single spaces, nothing around.
    private mutating func parseRequestLine(_ line: UnsafeRawBufferPointer) -> HTTPStatus? {
        let count = line.count
        var index = 0
        while index < count, HTTPGrammar.isTokenByte(line[index]) { index += 1 }
        guard index > 0, index < count, line[index] == HTTPGrammar.space else { return .badRequest }
        let method = UnsafeRawBufferPointer(rebasing: line[0..<index])

        let targetStart = index + 1
        index = targetStart
        while index < count, HTTPGrammar.isVisible(line[index]) { index += 1 }
        guard index > targetStart, index < count, line[index] == HTTPGrammar.space else { return .badRequest }
        let target = UnsafeRawBufferPointer(rebasing: line[targetStart..<index])

        let versionBytes = UnsafeRawBufferPointer(rebasing: line[(index + 1)...])
        guard versionBytes.count == 8, HTTPGrammar.equals(UnsafeRawBufferPointer(rebasing: versionBytes[0..<5]), "HTTP/"),
            HTTPGrammar.isDigit(versionBytes[5]), versionBytes[6] == UInt8(ascii: "."), HTTPGrammar.isDigit(versionBytes[7])
        else { return .badRequest }
        // Any 1.x is answered as 1.1, the highest minor served (RFC 9112 §2.3); other majors are not HTTP/1.
        guard versionBytes[5] == UInt8(ascii: "1") else { return .httpVersionNotSupported }
        let version: HTTPVersion = versionBytes[7] == UInt8(ascii: "0") ? .http1_0 : .http1_1

        guard Self.targetFormIsAllowed(target, for: method) else { return .badRequest }
        requestLine = (HTTPMethod(rawValue: HTTPGrammar.string(method)), HTTPGrammar.string(target), version)
        fields.reserveCapacity(Self.typicalFieldCount)
        return nil
    }

    /// Which request-target form the method may use (RFC 9112 §3.2): authority-form for CONNECT and only
    /// there, `*` for OPTIONS and only there, otherwise origin-form or absolute-form.
    private static func targetFormIsAllowed(_ target: UnsafeRawBufferPointer, for method: UnsafeRawBufferPointer) -> Bool {
        if HTTPGrammar.equals(method, "CONNECT") { return HTTPGrammar.isValidAuthority(target, requiringPort: true) }
        switch target[0] {
        case UInt8(ascii: "/"): return true
        case UInt8(ascii: "*"): return target.count == 1 && HTTPGrammar.equals(method, "OPTIONS")
        default: return isAbsoluteForm(target)
        }
    }

    /// `http://authority[/path][?query]` or the same with `https`: the only schemes this server answers for.
    private static func isAbsoluteForm(_ target: UnsafeRawBufferPointer) -> Bool {
        let schemeLength: Int
        if target.count > 7, HTTPGrammar.equalsIgnoringCase(UnsafeRawBufferPointer(rebasing: target[0..<7]), "http://") {
            schemeLength = 7
        } else if target.count > 8,
            HTTPGrammar.equalsIgnoringCase(UnsafeRawBufferPointer(rebasing: target[0..<8]), "https://")
        {
            schemeLength = 8
        } else {
            return false
        }
        var authorityEnd = schemeLength
        while authorityEnd < target.count, target[authorityEnd] != UInt8(ascii: "/"),
            target[authorityEnd] != UInt8(ascii: "?"), target[authorityEnd] != UInt8(ascii: "#")
        {
            authorityEnd += 1
        }
        let authority = UnsafeRawBufferPointer(rebasing: target[schemeLength..<authorityEnd])
        return HTTPGrammar.isValidAuthority(authority, requiringPort: false)
    }

    /// `field-name ":" OWS field-value OWS` (RFC 9112 §5).
    private mutating func parseFieldLine(_ line: UnsafeRawBufferPointer) -> HTTPStatus? {
        let count = line.count
        var index = 0
        // A leading SP/HTAB (obs-fold, RFC 9112 §5.2) or whitespace before the colon (§5.1) ends the token
        // early and is refused here: both have been used to hide fields from other parsers.
        while index < count, HTTPGrammar.isTokenByte(line[index]) { index += 1 }
        guard index > 0, index < count, line[index] == HTTPGrammar.colon else { return .badRequest }
        let name = UnsafeRawBufferPointer(rebasing: line[0..<index])
        let value = HTTPGrammar.trimmingWhitespace(UnsafeRawBufferPointer(rebasing: line[(index + 1)...]))
        for byte in value where !HTTPGrammar.isFieldValueByte(byte) { return .badRequest }

        guard fields.count < limits.maxHeaderCount else { return .requestHeaderFieldsTooLarge }
        if let status = summary.record(name: name, value: value) { return status }
        fields.append((name: HTTPGrammar.string(name), value: HTTPGrammar.string(value)))
        return nil
    }

    private mutating func finish(consumed: Int) -> HTTPHeadParseResult {
        guard let requestLine else { preconditionFailure("a head ends only after its request line") }
        var head = HTTPRequestHead(
            method: requestLine.method, target: requestLine.target, version: requestLine.version,
            headers: HTTPHeaders(fields))
        if let status = summary.resolve(into: &head) { return fail(status) }
        reset()
        return .complete(head, consumed: consumed)
    }

    /// The offset of the first `byte` in `buffer[start..<end]`, found with libc's vectorized `memchr`.
    private static func firstByte(_ byte: UInt8, in buffer: UnsafeRawBufferPointer, from start: Int, to end: Int) -> Int? {
        guard start < end, let base = buffer.baseAddress, let found = memchr(base + start, Int32(byte), end - start)
        else { return nil }
        return UnsafeRawPointer(found) - base
    }
}
