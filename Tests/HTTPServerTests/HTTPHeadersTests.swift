import HTTPServer
import Testing

struct HTTPHeadersTests {
    @Test func lookupIgnoresCaseAndKeepsOrderAndRepeats() {
        let headers = HTTPHeaders([("Set-Cookie", "a=1"), ("content-type", "text/html"), ("SET-COOKIE", "b=2")])
        #expect(headers["Content-Type"] == "text/html")
        #expect(headers.values(for: "set-cookie") == ["a=1", "b=2"])
        #expect(headers["Missing"] == nil)
    }

    @Test func namesMatchOnlyFoldsLetters() {
        #expect(HTTPHeaders.namesMatch("X-A", "x-a"))
        #expect(!HTTPHeaders.namesMatch("X-A", "X\rA"))
        #expect(!HTTPHeaders.namesMatch("a@", "a`"))
    }

    @Test func replaceOrAddLeavesOneField() {
        var headers = HTTPHeaders([("A", "1"), ("B", "2"), ("a", "3")])
        headers.replaceOrAdd(name: "A", value: "9")
        #expect(headers.fields.map(\.value) == ["9", "2"])
        headers.replaceOrAdd(name: "C", value: "4")
        #expect(headers["c"] == "4")
    }

    @Test func tokensAreFoundInCommaLists() {
        let headers = HTTPHeaders([("Connection", "Upgrade , Close")])
        #expect(headers.containsToken("close", in: "connection"))
        #expect(!headers.containsToken("keep-alive", in: "Connection"))
    }
}
