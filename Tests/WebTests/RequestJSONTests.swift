import HTTPServer
import Testing
import Web

/// `request.json(accepting:)`: a good body is one value; a broken one is a 400 that says what and where.
struct RequestJSONTests {
    private func request(_ body: String, contentType: String = "application/json") -> Request {
        Request(http: makeRequest(.post, "/things", headers: ["Content-Type": contentType], body: Array(body.utf8)))
    }

    @Test func aGoodBodyIsOneValue() throws {
        #expect(try request(#"{"userName": "a"}"#).json() == .object(["userName": .string("a")]))
    }

    @Test(arguments: [
        (#"{"userName": "a",}"#, "The body is not valid JSON: line 1, column 18: expected a quoted key"),
        (#"{"userName": "a", "userName": "b"}"#, #"The body is not valid JSON: line 1, column 19: duplicate key "userName""#),
        ("{\"a\": \"\u{1}\"}", "The body is not valid JSON: line 1, column 8: control character U+0001"),
    ])
    func aBrokenBodyIsA400SayingWhatAndWhere(body: String, message: String) {
        #expect {
            try request(body).json()
        } throws: { error in
            guard let error = error as? HTTPError else { return false }
            return error.status == .badRequest && error.message.hasPrefix(message)
        }
    }

    @Test func anotherMediaTypeIsA415() {
        #expect {
            try request("{}", contentType: "text/plain").json()
        } throws: { error in
            (error as? HTTPError)?.status == .unsupportedMediaType
        }
    }
}
