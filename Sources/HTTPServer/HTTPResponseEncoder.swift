/// Serializes a response head (RFC 9112 §4, §6) into bytes; the body is the writer's job.
package enum HTTPResponseEncoder {
    private static let crlf: [UInt8] = [13, 10]

    /// Appends the status line and header section for `plan`, framing included.
    ///
    /// Handler-set `Content-Length`, `Transfer-Encoding` and `Connection` are replaced: framing is decided
    /// here from the body so it can never disagree with what is written. The one exception is a handler that
    /// answers HEAD with an empty body and its own `Content-Length` (the length GET would have had).
    package static func encodeHead(_ plan: borrowing HTTPResponsePlan, dateHeader: [UInt8], into buffer: inout [UInt8]) {
        // Fields are read in place through a buffer pointer: this runs for every response, and copying the
        // response or each field out of the array would cost a retain and release per string.
        let status = plan.response.status
        buffer.append(contentsOf: "HTTP/1.1 ".utf8)
        appendDecimal(status.code, to: &buffer)
        buffer.append(UInt8(ascii: " "))
        appendUTF8(status.reasonPhrase, to: &buffer)
        buffer.append(contentsOf: crlf)
        buffer.append(contentsOf: dateHeader)

        let handlerContentLength = plan.response.headers.fields.withUnsafeBufferPointer { fields -> String? in
            var handlerContentLength: String?
            for index in fields.indices {
                let name = fields[index].name
                if HTTPHeaders.namesMatch(name, "Content-Length") {
                    handlerContentLength = fields[index].value
                } else if !HTTPHeaders.namesMatch(name, "Transfer-Encoding") && !HTTPHeaders.namesMatch(name, "Connection")
                    && !HTTPHeaders.namesMatch(name, "Date")
                {
                    appendField(name, fields[index].value, to: &buffer)
                }
            }
            return handlerContentLength
        }

        if status.code >= 200, status.code != 204, status.code != 304 {
            if plan.chunked {
                buffer.append(contentsOf: "Transfer-Encoding: chunked\r\n".utf8)
            } else if let length = plan.response.body.knownLength {
                if length == 0, plan.omitBody, let handlerContentLength {
                    appendField("Content-Length", handlerContentLength, to: &buffer)
                } else {
                    buffer.append(contentsOf: "Content-Length: ".utf8)
                    appendDecimal(length, to: &buffer)
                    buffer.append(contentsOf: crlf)
                }
            }
        }
        if plan.closeAfter {
            buffer.append(contentsOf: "Connection: close\r\n".utf8)
        } else if plan.keepAliveHTTP10 {
            buffer.append(contentsOf: "Connection: keep-alive\r\n".utf8)
        }
        buffer.append(contentsOf: crlf)
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

    private static func appendField(_ name: String, _ value: String, to buffer: inout [UInt8]) {
        appendUTF8(name, to: &buffer)
        buffer.append(UInt8(ascii: ":"))
        buffer.append(UInt8(ascii: " "))
        appendUTF8(value, to: &buffer)
        buffer.append(contentsOf: crlf)
    }

    /// Appends the string's bytes, dropping CR and LF: in a header they would let a handler's data split the
    /// header section. Values almost never hold them, so the common case is one bulk copy.
    private static func appendUTF8(_ text: String, to buffer: inout [UInt8]) {
        let appended: Void? = text.utf8.withContiguousStorageIfAvailable { bytes in
            if bytes.contains(where: { $0 == 13 || $0 == 10 }) {
                for byte in bytes where byte != 13 && byte != 10 { buffer.append(byte) }
            } else {
                buffer.append(contentsOf: bytes)
            }
        }
        if appended == nil {
            for byte in text.utf8 where byte != 13 && byte != 10 { buffer.append(byte) }
        }
    }

    private static func appendDecimal(_ value: Int, to buffer: inout [UInt8]) {
        buffer.append(contentsOf: String(value).utf8)
    }

    private static func appendHex(_ value: Int, to buffer: inout [UInt8]) {
        buffer.append(contentsOf: String(value, radix: 16).utf8)
    }
}
