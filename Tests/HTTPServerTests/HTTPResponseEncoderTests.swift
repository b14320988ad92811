import HTTPServer
import Testing

struct HTTPResponseEncoderTests {
    private let date = Array("Date: Sun, 06 Nov 1994 08:49:37 GMT\r\n".utf8)

    private func encode(
        _ response: HTTPResponse, omitBody: Bool = false, chunked: Bool = false, closeAfter: Bool = false, keepAlive10: Bool = false
    ) -> String {
        var buffer: [UInt8] = []
        HTTPResponseEncoder.encodeHead(
            HTTPResponsePlan(
                response: response, omitBody: omitBody, chunked: chunked, closeAfter: closeAfter, keepAliveHTTP10: keepAlive10),
            dateHeader: date, into: &buffer)
        return String(decoding: buffer, as: UTF8.self)
    }

    @Test func writesStatusDateHeadersAndLength() {
        let head = encode(HTTPResponse(status: .ok, contentType: "text/plain", body: "hello"))
        #expect(head == "HTTP/1.1 200 OK\r\nDate: Sun, 06 Nov 1994 08:49:37 GMT\r\nContent-Type: text/plain\r\nContent-Length: 5\r\n\r\n")
    }

    @Test func framingHeadersFromHandlersAreReplaced() {
        let response = HTTPResponse(
            status: .ok, headers: ["Content-Length": "999", "Transfer-Encoding": "gzip", "Connection": "upgrade", "X-Kept": "1"],
            body: .bytes([1, 2]))
        #expect(
            encode(response, closeAfter: true)
                == "HTTP/1.1 200 OK\r\nDate: Sun, 06 Nov 1994 08:49:37 GMT\r\nX-Kept: 1\r\nContent-Length: 2\r\nConnection: close\r\n\r\n")
    }

    @Test func headKeepsTheHandlersLengthForAnEmptyBody() {
        let response = HTTPResponse(status: .ok, headers: ["Content-Length": "1234"])
        #expect(encode(response, omitBody: true).contains("Content-Length: 1234\r\n"))
    }

    @Test(arguments: [204, 304, 101])
    func statusesWithoutContentGetNoLength(code: Int) {
        #expect(!encode(HTTPResponse(status: HTTPStatus(code: code))).contains("Content-Length"))
    }

    @Test func chunkedAndKeepAliveForHttp10AreAnnounced() {
        #expect(encode(HTTPResponse(status: .ok), chunked: true).contains("Transfer-Encoding: chunked\r\n"))
        #expect(encode(HTTPResponse(status: .ok), keepAlive10: true).contains("Connection: keep-alive\r\n"))
    }

    @Test func lineBreaksInHeaderValuesCannotSplitTheResponse() {
        let head = encode(HTTPResponse(status: .ok, headers: ["Location": "/x\r\nSet-Cookie: evil=1"]))
        #expect(head.contains("Location: /xSet-Cookie: evil=1\r\n"))
        #expect(!head.contains("\r\nSet-Cookie"))
    }

    @Test func chunksAreHexFramed() {
        var buffer: [UInt8] = []
        HTTPResponseEncoder.appendChunk(Array(repeating: 65, count: 26), to: &buffer)
        #expect(String(decoding: buffer, as: UTF8.self) == "1a\r\n" + String(repeating: "A", count: 26) + "\r\n")
    }
}
