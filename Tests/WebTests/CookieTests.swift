import HTTPServer
import Testing

@testable import Web

struct CookieTests {
    @Test(arguments: [
        ("session=abc", [("session", "abc")]),
        ("a=1; b=2", [("a", "1"), ("b", "2")]),
        ("a=1;b=2;  c=3 ", [("a", "1"), ("b", "2"), ("c", "3")]),
        ("quoted=\"v\"", [("quoted", "v")]),
        ("empty=; x=y", [("empty", ""), ("x", "y")]),
        ("novalue; =nameless; ok=1", [("ok", "1")]),
        ("token=a=b==", [("token", "a=b==")]),
        ("", []),
    ])
    func parsesCookieHeaders(header: String, expected: [(String, String)]) {
        let cookies = Cookies(header: header)
        #expect(cookies.fields.map(\.name) == expected.map(\.0))
        #expect(cookies.fields.map(\.value) == expected.map(\.1))
    }

    @Test func firstValueWinsForRepeatedNames() {
        let cookies = Cookies(headers: ["Cookie": "session=specific; session=general", "cookie": "session=third; other=1"])
        #expect(cookies["session"] == "specific")
        #expect(cookies["other"] == "1")
        #expect(cookies["missing"] == nil)
    }

    @Test func exposesCookiesOnTheRequest() {
        var router = Router()
        router.get("/") { request in .text(request.cookies["session"] ?? "none") }
        let application = WebApplication(router: router)
        #expect(application.send(.get, "/", headers: ["Cookie": "theme=dark; session=s1"]).bodyText == "s1")
        #expect(application.send(.get, "/").bodyText == "none")
    }

    @Test func serializesEveryAttribute() throws {
        let cookie = try SetCookie(
            name: "portico_session", value: "tok_123", maxAge: 28_800, expires: 784_111_777, domain: "portal.example.com",
            path: "/", secure: true, httpOnly: true, sameSite: .strict)
        #expect(
            cookie.headerValue
                == "portico_session=tok_123; Max-Age=28800; Expires=Sun, 06 Nov 1994 08:49:37 GMT; Domain=portal.example.com; Path=/; Secure; HttpOnly; SameSite=Strict"
        )
    }

    @Test func omitsAttributesThatAreNotSet() throws {
        let cookie = try SetCookie(name: "theme", value: "dark", path: nil, httpOnly: false, sameSite: nil)
        #expect(cookie.headerValue == "theme=dark")
        let lax = try SetCookie(name: "a", value: "b")
        #expect(lax.headerValue == "a=b; Path=/; HttpOnly; SameSite=Lax")
        let none = try SetCookie(name: "a", value: "b", secure: true, sameSite: SetCookie.SameSite.none)
        #expect(none.headerValue == "a=b; Path=/; Secure; HttpOnly; SameSite=None")
    }

    @Test(arguments: [
        ("", "v"), ("bad name", "v"), ("semi;colon", "v"), ("n", "a b"), ("n", "a;b"), ("n", "a,b"), ("n", "a\\b"),
        ("n", "caf\u{E9}"), ("n", "\"a"),
    ])
    func refusesInvalidNamesAndValues(name: String, value: String) {
        #expect(throws: SetCookie.InvalidCookie.self) { try SetCookie(name: name, value: value) }
    }

    @Test func refusesInvalidAttributesAndSameSiteNoneWithoutSecure() {
        #expect(throws: SetCookie.InvalidCookie.self) { try SetCookie(name: "a", value: "b", path: "/x; Domain=evil") }
        #expect(throws: SetCookie.InvalidCookie.self) { try SetCookie(name: "a", value: "b", domain: "a\r\nb") }
        #expect(throws: SetCookie.InvalidCookie.self) { try SetCookie(name: "a", value: "b", sameSite: SetCookie.SameSite.none) }
    }

    @Test func acceptsQuotedValues() throws {
        #expect(
            try SetCookie(name: "a", value: "\"quoted\"", path: nil, httpOnly: false, sameSite: nil).headerValue == "a=\"quoted\""
        )
    }

    @Test func addsOneSetCookieFieldPerCookie() throws {
        var response = HTTPResponse.text("ok")
        response.setCookie(try SetCookie(name: "a", value: "1"))
        let both = response.settingCookie(try .expired(name: "old"))
        #expect(
            both.headers.values(for: "Set-Cookie") == [
                "a=1; Path=/; HttpOnly; SameSite=Lax",
                "old=; Max-Age=0; Expires=Thu, 01 Jan 1970 00:00:00 GMT; Path=/; HttpOnly; SameSite=Lax",
            ])
    }
}
