import Bytes

/// Serializes a response head (RFC 9112 §4, §6) into bytes; the body is the writer's job.
package enum HTTPResponseEncoder {
    private static let crlf: [UInt8] = [13, 10]

    /// Appends the status line and header section for `plan`, framing included.
    ///
    /// Handler-set `Content-Length`, `Transfer-Encoding` and `Connection` are replaced: framing is decided
    /// here from the body so it can never disagree with what is written. The one exception is a handler that
    /// answers HEAD with an empty body and its own `Content-Length` (the length GET would have had).
    package static func encodeHead(_ plan: borrowing HTTPResponsePlan, dateHeader: [UInt8], into buffer: inout [UInt8]) {
        // Built in a stack buffer and appended once: this runs for every response, and each append to an
        // array checks uniqueness and capacity out of line. Fields are read in place through a buffer pointer,
        // because copying the response or each field out of the array would cost a retain and release per string.
        ByteWriter.withTemporaryStorage(capacity: 2048) { head in
            let status = plan.response.status
            head.append("HTTP/1.1 ")
            head.appendDecimal(status.code)
            head.append(UInt8(ascii: " "))
            appendWithoutLineBreaks(status.reasonPhrase, to: &head)
            head.append("\r\n")
            dateHeader.withUnsafeBufferPointer { head.append($0) }

            let handlerContentLength = plan.response.headers.fields.withUnsafeBufferPointer { fields -> String? in
                var handlerContentLength: String?
                for index in fields.indices {
                    let name = fields[index].name
                    switch framingField(named: name) {
                    case .contentLength?: handlerContentLength = fields[index].value
                    case .other?: break
                    case nil: appendField(name, fields[index].value, to: &head)
                    }
                }
                return handlerContentLength
            }

            if status.code >= 200, status.code != 204, status.code != 304 {
                if plan.chunked {
                    head.append("Transfer-Encoding: chunked\r\n")
                } else if let length = plan.response.body.knownLength {
                    if length == 0, plan.omitBody, let handlerContentLength {
                        appendField("Content-Length", handlerContentLength, to: &head)
                    } else {
                        head.append("Content-Length: ")
                        head.appendDecimal(length)
                        head.append("\r\n")
                    }
                }
            }
            if plan.closeAfter {
                head.append("Connection: close\r\n")
            } else if plan.keepAliveHTTP10 {
                head.append("Connection: keep-alive\r\n")
            }
            head.append("\r\n")
            head.append(to: &buffer)
        }
    }

    /// The fields this encoder writes itself, so a handler's own are dropped.
    private enum FramingField {
        case contentLength, other
    }

    /// Which framing field `name` is, if any; names of other lengths are told apart without reading a byte.
    private static func framingField(named name: String) -> FramingField? {
        switch name.utf8.count {
        case 4: HTTPHeaders.namesMatch(name, "Date") ? .other : nil
        case 10: HTTPHeaders.namesMatch(name, "Connection") ? .other : nil
        case 14: HTTPHeaders.namesMatch(name, "Content-Length") ? .contentLength : nil
        case 17: HTTPHeaders.namesMatch(name, "Transfer-Encoding") ? .other : nil
        default: nil
        }
    }

    /// The interim response that invites a client waiting on `Expect: 100-continue` to send its body.
    package static let continueResponse: [UInt8] = Array("HTTP/1.1 100 Continue\r\n\r\n".utf8)

    /// Appends one chunk of a chunked body: hex size, CRLF, data, CRLF.
    package static func appendChunk(_ bytes: [UInt8], to buffer: inout [UInt8]) {
        appendHex(bytes.count, to: &buffer)
        buffer.append(contentsOf: crlf)
        buffer.append(contentsOf: bytes)
        buffer.append(contentsOf: crlf)
    }

    package static let lastChunk: [UInt8] = Array("0\r\n\r\n".utf8)

    private static func appendField(_ name: String, _ value: String, to head: inout ByteWriter) {
        appendWithoutLineBreaks(name, to: &head)
        head.append(": ")
        appendWithoutLineBreaks(value, to: &head)
        head.append("\r\n")
    }

    /// Appends `text` with any CR or LF left out, so no value can end a field early or inject one.
    private static func appendWithoutLineBreaks(_ text: String, to head: inout ByteWriter) {
        let appended: Void? = text.utf8.withContiguousStorageIfAvailable { bytes in
            var lineBreaks: UInt8 = 0
            // No early exit, so the compiler checks 16 bytes at a time.
            for byte in bytes { lineBreaks |= (byte == 13 ? 1 : 0) | (byte == 10 ? 1 : 0) }
            if lineBreaks == 0 {
                head.append(bytes)
            } else {
                for byte in bytes where byte != 13 && byte != 10 { head.append(byte) }
            }
        }
        if appended == nil {
            for byte in text.utf8 where byte != 13 && byte != 10 { head.append(byte) }
        }
    }

    private static func appendHex(_ value: Int, to buffer: inout [UInt8]) {
        buffer.append(contentsOf: String(value, radix: 16).utf8)
    }
}
