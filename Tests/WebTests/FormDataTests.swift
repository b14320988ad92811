import HTTPServer
import Testing

@testable import Web

struct FormDataTests {
    @Test(arguments: [
        ("a=1&b=2", [("a", "1"), ("b", "2")]),
        ("role=admin&role=viewer", [("role", "admin"), ("role", "viewer")]),
        ("q=hello+world", [("q", "hello world")]),
        ("q=a%2Bb", [("q", "a+b")]),
        ("name=Jos%C3%A9&city=K%C3%B8benhavn", [("name", "José"), ("city", "København")]),
        ("a=1&&b=2&", [("a", "1"), ("b", "2")]),
        ("flag&x=", [("flag", ""), ("x", "")]),
        ("=orphan", [("", "orphan")]),
        ("k=v=w", [("k", "v=w")]),
        ("%6Bey=%76alue", [("key", "value")]),
        ("", []),
    ])
    func parsesURLEncodedPairsInOrder(encoded: String, expected: [(String, String)]) throws {
        let form = try FormData.parse(encoded.utf8)
        #expect(form.fields.map(\.name) == expected.map(\.0))
        #expect(form.fields.map(\.value) == expected.map(\.1))
    }

    @Test func keepsRepeatedKeysAndAnswersTheFirst() throws {
        let form = try FormData.parse("role=admin&other=1&role=viewer".utf8)
        #expect(form["role"] == "admin")
        #expect(form.first("role") == "admin")
        #expect(form.values(for: "role") == ["admin", "viewer"])
        #expect(form.values(for: "missing") == [])
        #expect(form["missing"] == nil)
        #expect(form.contains("other"))
    }

    @Test(arguments: ["a=%zz", "a=%4", "a=%", "%g0=1", "a=%FF", "a=%C3%28", "a=%ED%A0%80"])
    func rejectsMalformedEscapesAndInvalidUTF8(encoded: String) {
        #expect(throws: HTTPError.self) { try FormData.parse(encoded.utf8) }
        do {
            _ = try FormData.parse(encoded.utf8)
        } catch {
            #expect(error.status == .badRequest)
        }
    }

    @Test func rejectsRawInvalidUTF8InBodies() {
        #expect(throws: HTTPError.self) { try FormData.parse([UInt8(ascii: "a"), UInt8(ascii: "="), 0xFF]) }
    }

    @Test func capsTheNumberOfFields() throws {
        let encoded = (0..<1_001).map { "f\($0)=x" }.joined(separator: "&")
        do {
            _ = try FormData.parse(encoded.utf8)
            Issue.record("1,001 fields must be refused")
        } catch {
            #expect(error.status == .contentTooLarge)
        }
        #expect(try FormData.parse(encoded.utf8, maxFields: 2_000).count == 1_001)
    }

    @Test func parsesTheQueryLazilyAndRefusesABadOneWith400() throws {
        var router = Router()
        router.get("/search") { request in
            let query = try request.query
            return .text("\(query.values(for: "tag").joined(separator: ",")) \(query["q"] ?? "-")")
        }
        let application = WebApplication(router: router)
        #expect(application.send(.get, "/search?tag=a&tag=b&q=x+y").bodyText == "a,b x y")
        #expect(application.send(.get, "/search").bodyText == " -")
        #expect(application.send(.get, "/search?q=%zz").status == .badRequest)
        let many = (0..<1_001).map { "f\($0)=x" }.joined(separator: "&")
        #expect(application.send(.get, "/search?\(many)").status == .badRequest)
    }

    @Test func parsesFormBodiesOnlyWithTheFormContentType() {
        var router = Router()
        router.post("/login") { request in .text(try request.form()["email"] ?? "-") }
        let application = WebApplication(router: router)
        let body = Array("email=alice%40example.com&password=x".utf8)
        let form = application.send(
            .post, "/login", headers: ["Content-Type": "application/x-www-form-urlencoded; charset=UTF-8"], body: body)
        #expect(form.bodyText == "alice@example.com")
        let json = application.send(.post, "/login", headers: ["Content-Type": "application/json"], body: body)
        #expect(json.status == .unsupportedMediaType)
        #expect(application.send(.post, "/login", body: body).status == .unsupportedMediaType)
    }
}
