/// Incremental decoder of a chunked request body (RFC 9112 §7.1). Pure; keeps state between calls.
///
/// A byte-at-a-time state machine for the chunk metadata and a bulk copy for chunk data: the caller drops
/// consumed bytes between calls, so nothing may depend on where one read ends and the next begins, and
/// every verdict is made at a fixed byte of the body.
///
/// Strict where lenience has enabled request smuggling: the chunk size is 1 to 15 hex digits, extensions
/// must follow their grammar (`; name [= token / quoted-string]`), data must be followed by a line end,
/// and every line end of the framing is CRLF. A bare LF is refused although RFC 9112 §2.2 lets a recipient
/// accept one: a proxy in front that reads it differently would see a different body boundary (the
/// smuggling Go fixed as CVE-2025-22871), and no real client sends one.
/// Extensions are skipped but their total size over the whole body is bounded, since a per-chunk bound
/// would let one-byte chunks carry kilobytes of metadata each.
package struct ChunkedBodyDecoder: Sendable {
    private enum State: Sendable {
        /// Reading the chunk size: hex digits, then an extension or the line end.
        case size
        /// Whitespace after the size or an extension value, before the next `;`.
        case extensionWhitespace
        /// After `;`, before the extension name.
        case extensionNameStart
        case extensionName
        /// Whitespace after an extension name, before `=` or `;`.
        case extensionAfterName
        /// After `=`, before the extension value.
        case extensionValueStart
        case extensionToken
        case extensionQuoted
        case extensionQuotedEscape
        case extensionAfterQuoted
        /// A CR ended the chunk-size line; its LF must follow.
        case sizeLineFeed
        case data
        /// Chunk data ended; a line end must follow.
        case dataEnd
        case dataLineFeed
        case trailerLineStart
        case trailerName
        case trailerValue
        case trailerLineFeed
        /// A CR started the empty line that ends the trailer section; its LF must follow.
        case finalLineFeed
        case done
    }

    /// More hex digits could overflow `Int`.
    private static let maxSizeDigits = 15

    private let maxBodySize: Int
    private let maxMetadataLength: Int
    private var state = State.size
    private var sizeDigits = 0
    private var chunkSize = 0
    /// Bytes of the current chunk's data not received yet.
    private var remaining = 0
    private var decodedLength = 0
    private var extensionLength = 0
    private var trailerLength = 0
    /// The verdict once the body is known to be invalid, repeated on every later call.
    private var failure: HTTPStatus?

    package init(maxBodySize: Int, maxMetadataLength: Int) {
        self.maxBodySize = maxBodySize
        self.maxMetadataLength = maxMetadataLength
    }

    /// Decodes as much of `input` as possible, appending data to `body`. `consumed` bytes of input may be
    /// dropped by the caller; after `.complete` further calls consume nothing.
    package mutating func decode(_ input: UnsafeRawBufferPointer, into body: inout [UInt8]) -> ChunkedDecodeResult {
        if let failure { return .invalid(failure) }
        if case .done = state { return .complete(consumed: 0) }
        var index = 0
        while index < input.count {
            if case .data = state {
                let length = min(remaining, input.count - index)
                body.append(contentsOf: UnsafeRawBufferPointer(rebasing: input[index..<(index + length)]))
                index += length
                remaining -= length
                decodedLength += length
                if remaining == 0 { state = .dataEnd }
                continue
            }
            let byte = input[index]
            index += 1
            if let status = step(byte) {
                failure = status
                return .invalid(status)
            }
            if case .done = state { return .complete(consumed: index) }
        }
        return .needMore(consumed: input.count)
    }

    /// Moves the metadata state machine over one byte; returns the status when the byte makes the body invalid.
    private mutating func step(_ byte: UInt8) -> HTTPStatus? {
        switch state {
        case .size:
            if let digit = HTTPGrammar.hexValue(byte) {
                sizeDigits += 1
                guard sizeDigits <= Self.maxSizeDigits else { return .badRequest }
                chunkSize = chunkSize << 4 | digit
                return nil
            }
            guard sizeDigits > 0 else { return .badRequest }
            return afterSizeOrValue(byte)
        case .extensionWhitespace:
            if let status = countExtensionByte() { return status }
            if HTTPGrammar.isWhitespace(byte) { return nil }
            guard byte == UInt8(ascii: ";") else { return .badRequest }
            state = .extensionNameStart
        case .extensionNameStart:
            if let status = countExtensionByte() { return status }
            if HTTPGrammar.isWhitespace(byte) { return nil }
            guard HTTPGrammar.isTokenByte(byte) else { return .badRequest }
            state = .extensionName
        case .extensionName:
            if HTTPGrammar.isTokenByte(byte) { return countExtensionByte() }
            if HTTPGrammar.isWhitespace(byte) {
                state = .extensionAfterName
                return countExtensionByte()
            }
            if byte == UInt8(ascii: "=") {
                state = .extensionValueStart
                return countExtensionByte()
            }
            return afterSizeOrValue(byte)
        case .extensionAfterName:
            if let status = countExtensionByte() { return status }
            switch byte {
            case HTTPGrammar.space, HTTPGrammar.tab: return nil
            case UInt8(ascii: "="): state = .extensionValueStart
            case UInt8(ascii: ";"): state = .extensionNameStart
            default: return .badRequest
            }
        case .extensionValueStart:
            if let status = countExtensionByte() { return status }
            if HTTPGrammar.isWhitespace(byte) { return nil }
            if byte == UInt8(ascii: "\"") {
                state = .extensionQuoted
            } else if HTTPGrammar.isTokenByte(byte) {
                state = .extensionToken
            } else {
                return .badRequest
            }
        case .extensionToken:
            if HTTPGrammar.isTokenByte(byte) { return countExtensionByte() }
            return afterSizeOrValue(byte)
        case .extensionQuoted:
            if let status = countExtensionByte() { return status }
            switch byte {
            case UInt8(ascii: "\""): state = .extensionAfterQuoted
            case UInt8(ascii: "\\"): state = .extensionQuotedEscape
            // qdtext (RFC 9110 §5.6.4): HTAB, SP, VCHAR except `"` and `\`, obs-text.
            default: guard HTTPGrammar.isFieldValueByte(byte) else { return .badRequest }
            }
        case .extensionQuotedEscape:
            if let status = countExtensionByte() { return status }
            guard HTTPGrammar.isFieldValueByte(byte) else { return .badRequest }
            state = .extensionQuoted
        case .extensionAfterQuoted:
            return afterSizeOrValue(byte)
        case .sizeLineFeed:
            guard byte == HTTPGrammar.lineFeed else { return .badRequest }
            return endSizeLine()
        case .data:
            preconditionFailure("chunk data is copied in bulk by decode(_:into:)")
        case .dataEnd:
            switch byte {
            case HTTPGrammar.carriageReturn: state = .dataLineFeed
            default: return .badRequest
            }
        case .dataLineFeed:
            guard byte == HTTPGrammar.lineFeed else { return .badRequest }
            startChunk()
        case .trailerLineStart:
            switch byte {
            case HTTPGrammar.carriageReturn: state = .finalLineFeed
            default:
                // A leading SP/HTAB would be obs-fold (RFC 9112 §5.2), refused as in the head.
                guard HTTPGrammar.isTokenByte(byte) else { return .badRequest }
                state = .trailerName
                return countTrailerByte()
            }
        case .trailerName:
            if let status = countTrailerByte() { return status }
            if byte == HTTPGrammar.colon {
                state = .trailerValue
            } else if !HTTPGrammar.isTokenByte(byte) {
                return .badRequest
            }
        case .trailerValue:
            if let status = countTrailerByte() { return status }
            switch byte {
            case HTTPGrammar.carriageReturn: state = .trailerLineFeed
            default: guard HTTPGrammar.isFieldValueByte(byte) else { return .badRequest }
            }
        case .trailerLineFeed:
            if let status = countTrailerByte() { return status }
            guard byte == HTTPGrammar.lineFeed else { return .badRequest }
            state = .trailerLineStart
        case .finalLineFeed:
            guard byte == HTTPGrammar.lineFeed else { return .badRequest }
            state = .done
        case .done:
            preconditionFailure("decode(_:into:) stops at the end of the body")
        }
        return nil
    }

    /// What may follow the chunk size, an extension name or an extension value: more extensions or the line end.
    private mutating func afterSizeOrValue(_ byte: UInt8) -> HTTPStatus? {
        switch byte {
        case HTTPGrammar.carriageReturn:
            state = .sizeLineFeed
            return nil
        case HTTPGrammar.space, HTTPGrammar.tab:
            state = .extensionWhitespace
        case UInt8(ascii: ";"):
            state = .extensionNameStart
        default:
            return .badRequest
        }
        return countExtensionByte()
    }

    private mutating func endSizeLine() -> HTTPStatus? {
        guard chunkSize > 0 else {
            state = .trailerLineStart
            return nil
        }
        // Refused before any of the chunk is read, like an oversized Content-Length.
        guard chunkSize <= maxBodySize - decodedLength else { return .contentTooLarge }
        remaining = chunkSize
        state = .data
        return nil
    }

    private mutating func startChunk() {
        state = .size
        sizeDigits = 0
        chunkSize = 0
    }

    private mutating func countExtensionByte() -> HTTPStatus? {
        extensionLength += 1
        return extensionLength > maxMetadataLength ? .badRequest : nil
    }

    private mutating func countTrailerByte() -> HTTPStatus? {
        trailerLength += 1
        return trailerLength > maxMetadataLength ? .requestHeaderFieldsTooLarge : nil
    }
}
