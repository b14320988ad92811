import HTTPServer
import Testing

@testable import Web

struct MultipartFormTests {
    static let boundary = "----WebKitFormBoundary7MA4YWxkTrZu0gW"

    /// A body as a browser writes it: CRLF line ends, `--boundary` before each part, `--boundary--` at the end.
    static func body(_ parts: [(headers: [String], content: String)], boundary: String = boundary) -> [UInt8] {
        var text = ""
        for part in parts {
            text += "--\(boundary)\r\n" + part.headers.map { $0 + "\r\n" }.joined() + "\r\n" + part.content + "\r\n"
        }
        return Array((text + "--\(boundary)--\r\n").utf8)
    }

    private func parse(_ body: [UInt8], limits: MultipartForm.Limits = MultipartForm.Limits()) throws(HTTPError) -> MultipartForm {
        try MultipartForm.parse(body, boundary: Array(Self.boundary.utf8), limits: limits)
    }

    private func status(_ body: [UInt8], limits: MultipartForm.Limits = MultipartForm.Limits()) -> Int? {
        do {
            _ = try parse(body, limits: limits)
            return nil
        } catch {
            return error.status.code
        }
    }

    @Test func readsFieldsAndAFileAsABrowserSendsThem() throws {
        let csv = "email,display name\r\n\"a@example.com\",\"Liddell, Alice\"\r\n"
        let form = try parse(
            Self.body([
                (["Content-Disposition: form-data; name=\"csrf\""], "token-123"),
                (["Content-Disposition: form-data; name=\"csv\""], "pasted\r\ntext"),
                (["Content-Disposition: form-data; name=\"file\"; filename=\"users.csv\"", "Content-Type: text/csv"], csv),
                (["content-disposition: FORM-DATA; name=empty; filename=\"\"", "Content-Type: application/octet-stream"], ""),
            ]))
        #expect(form.parts.count == 4)
        let fields = try form.fields()
        #expect(fields.fields.map(\.name) == ["csrf", "csv"])
        #expect(fields["csrf"] == "token-123")
        #expect(fields["csv"] == "pasted\r\ntext")
        let file = try #require(form.file("file"))
        #expect(file.filename == "users.csv")
        #expect(file.contentType == "text/csv")
        #expect(file.body == Array(csv.utf8))
        // A file input left empty sends an empty filename: no file.
        #expect(form.file("empty") == nil)
        #expect(form.file("csv") == nil)
    }

    @Test func ignoresPreambleEpilogueAndTransportPadding() throws {
        let text =
            "This is the preamble.\r\n--\(Self.boundary)  \t\r\nContent-Disposition: form-data; name=\"a\"\r\n\r\n1\r\n"
            + "--\(Self.boundary)\r\nContent-Disposition: form-data; name=\"b\"\r\nX-Ignored: yes\r\n\r\n\r\n"
            + "--\(Self.boundary)--\r\nepilogue --\(Self.boundary)\r\ngarbage"
        let fields = try parse(Array(text.utf8)).fields()
        #expect(fields.fields.map(\.name) == ["a", "b"])
        #expect(fields["a"] == "1")
        #expect(fields["b"] == "")
    }

    @Test func keepsBinaryContentAndLookAlikeBoundariesInsideParts() throws {
        var content: [UInt8] = Array(0...255)
        content += Array("\r\n--\(Self.boundary.dropLast())\r\n-- \(Self.boundary)\n--\(Self.boundary)".utf8)
        var body = Array("--\(Self.boundary)\r\nContent-Disposition: form-data; name=\"f\"; filename=\"b.bin\"\r\n\r\n".utf8)
        body += content + Array("\r\n--\(Self.boundary)--".utf8)
        let form = try parse(body)
        #expect(form.file("f")?.body == content)
        // Binary content is fine in a file, but a text field must be UTF-8.
        var field = Array("--\(Self.boundary)\r\nContent-Disposition: form-data; name=\"t\"\r\n\r\n".utf8)
        field += [0xFF, 0xFE] + Array("\r\n--\(Self.boundary)--".utf8)
        #expect(throws: HTTPError.self) { try parse(field).fields() }
    }

    @Test(
        arguments: [
            // No boundary line at all.
            ("just text", 400),
            // Bare LF instead of CRLF after the boundary line.
            ("--\(boundary)\nContent-Disposition: form-data; name=\"a\"\r\n\r\nx\r\n--\(boundary)--", 400),
            // Bare LF ending the headers.
            ("--\(boundary)\r\nContent-Disposition: form-data; name=\"a\"\n\nx\r\n--\(boundary)--", 400),
            // Never closed.
            ("--\(boundary)\r\nContent-Disposition: form-data; name=\"a\"\r\n\r\nx", 400),
            // The closing boundary without CRLF before it is part of the content, so the body never closes.
            ("--\(boundary)\r\nContent-Disposition: form-data; name=\"a\"\r\n\r\nx--\(boundary)--", 400),
            // Text glued to a boundary line.
            ("--\(boundary)\r\nContent-Disposition: form-data; name=\"a\"\r\n\r\nx\r\n--\(boundary)X\r\n\r\n--\(boundary)--", 400),
            // No headers, no Content-Disposition, another disposition, no name, folded or nameless headers.
            ("--\(boundary)\r\n\r\nx\r\n--\(boundary)--", 400),
            ("--\(boundary)\r\nContent-Type: text/plain\r\n\r\nx\r\n--\(boundary)--", 400),
            ("--\(boundary)\r\nContent-Disposition: attachment; name=\"a\"\r\n\r\nx\r\n--\(boundary)--", 400),
            ("--\(boundary)\r\nContent-Disposition: form-data; filename=\"a\"\r\n\r\nx\r\n--\(boundary)--", 400),
            ("--\(boundary)\r\nContent-Disposition: form-data;\r\n name=\"a\"\r\n\r\nx\r\n--\(boundary)--", 400),
            ("--\(boundary)\r\n: form-data\r\n\r\nx\r\n--\(boundary)--", 400),
            // Unclosed quote, a parameter named twice, two dispositions.
            ("--\(boundary)\r\nContent-Disposition: form-data; name=\"a\r\n\r\nx\r\n--\(boundary)--", 400),
            ("--\(boundary)\r\nContent-Disposition: form-data; name=a; name=b\r\n\r\nx\r\n--\(boundary)--", 400),
            (
                "--\(boundary)\r\nContent-Disposition: form-data; name=a\r\nContent-Disposition: form-data; name=b\r\n\r\nx\r\n--\(boundary)--",
                400
            ),
        ] as [(String, Int)])
    func refusesMalformedBodies(text: String, expected: Int) {
        #expect(status(Array(text.utf8)) == expected)
    }

    @Test func capsPartsHeadersAndPartSizes() {
        let big = String(repeating: "x", count: 2_000)
        let limits = MultipartForm.Limits(maxParts: 3, maxHeaderBytes: 256, maxPartBytes: 1_000)
        let disposition = "Content-Disposition: form-data; name=\"f\""
        #expect(status(Self.body([([disposition], big)]), limits: limits) == 413)
        #expect(status(Self.body([([disposition], String(big.prefix(1_000)))]), limits: limits) == nil)
        #expect(status(Self.body(Array(repeating: ([disposition], "v"), count: 4)), limits: limits) == 413)
        #expect(status(Self.body(Array(repeating: ([disposition], "v"), count: 3)), limits: limits) == nil)
        #expect(status(Self.body([([disposition, "X-Padding: " + big], "v")]), limits: limits) == 413)
    }

    @Test func survivesEveryTruncationOfAValidBody() {
        // Any prefix of a good body is either still readable (the close delimiter is optional padding away)
        // or a clean 400: never a crash, never a part beyond what was sent.
        let body = Self.body([
            (["Content-Disposition: form-data; name=\"csrf\""], "abc"),
            (["Content-Disposition: form-data; name=\"file\"; filename=\"u.csv\"", "Content-Type: text/csv"], "a,b\r\nc,d"),
        ])
        for end in 0..<body.count {
            let result = status(Array(body[..<end]))
            #expect(result == nil || result == 400, "prefix of \(end) bytes")
        }
        #expect(status(body) == nil)
    }

    @Test(arguments: [
        ("multipart/form-data; boundary=abc", "abc"),
        ("Multipart/Form-Data; charset=utf-8; boundary=\"a b:c\"", "a b:c"),
        ("multipart/form-data;boundary=----WebKitFormBoundaryx;", "----WebKitFormBoundaryx"),
    ])
    func readsTheBoundaryParameter(contentType: String, expected: String) throws {
        #expect(try MultipartForm.boundary(fromContentType: contentType) == Array(expected.utf8))
    }

    @Test(arguments: [
        ("multipart/form-data", 400), ("multipart/form-data; boundary=", 400),
        ("multipart/form-data; boundary=\"" + String(repeating: "a", count: 71) + "\"", 400),
        ("multipart/form-data; boundary=\"ends with space \"", 400), ("multipart/form-data; boundary=\"a<b\"", 400),
        ("multipart/form-data; boundary=a; boundary=b", 400), ("multipart/mixed; boundary=abc", 415), ("text/csv", 415),
    ])
    func refusesUnusableBoundaries(contentType: String, expected: Int) {
        do {
            _ = try MultipartForm.boundary(fromContentType: contentType)
            Issue.record("\(contentType) must be refused")
        } catch {
            #expect(error.status.code == expected)
        }
    }
}

extension MultipartFormTests {
    @Test func requestFormReadsTheFieldsOfEitherEncodingAndRefusesOthers() throws {
        let multipart = Self.body([
            (["Content-Disposition: form-data; name=\"csrf\""], "t0ken"),
            (["Content-Disposition: form-data; name=\"file\"; filename=\"u.csv\""], "a,b"),
        ])
        let request = Request(
            http: makeRequest(
                .post, "/upload", headers: ["Content-Type": "multipart/form-data; boundary=\(Self.boundary)"], body: multipart))
        #expect(try request.form()["csrf"] == "t0ken")
        #expect(try request.form()["file"] == nil)
        #expect(try request.multipartForm().file("file")?.body == Array("a,b".utf8))

        let urlencoded = Request(
            http: makeRequest(.post, "/upload", headers: ["Content-Type": "application/x-www-form-urlencoded"], body: Array("csrf=x".utf8)))
        #expect(try urlencoded.form()["csrf"] == "x")
        #expect(throws: HTTPError.self) { try urlencoded.multipartForm() }

        let json = Request(http: makeRequest(.post, "/upload", headers: ["Content-Type": "application/json"], body: Array("{}".utf8)))
        do {
            _ = try json.form()
            Issue.record("JSON is not a form")
        } catch {
            #expect(error.status == .unsupportedMediaType)
        }
    }
}
