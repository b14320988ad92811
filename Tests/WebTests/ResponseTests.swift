import HTTPServer
import Testing

@testable import Web

struct ResponseTests {
    @Test func setsContentTypes() {
        #expect(HTTPResponse.html("<p>").headers["Content-Type"] == "text/html; charset=utf-8")
        #expect(HTTPResponse.html(Array("<p>".utf8), status: .created).status == .created)
        #expect(HTTPResponse.text("x").headers["Content-Type"] == "text/plain; charset=utf-8")
        #expect(HTTPResponse.json(Array("{}".utf8)).headers["Content-Type"] == "application/json")
        #expect(
            HTTPResponse.json([], status: .created, contentType: "application/scim+json").headers["Content-Type"]
                == "application/scim+json")
    }

    @Test(arguments: [
        ("/start", "/start"),
        ("/start/console?account_id=111111111111&role_name=Admin", "/start/console?account_id=111111111111&role_name=Admin"),
        ("/", "/"),
        ("/a b/ü", "/a%20b/%C3%BC"),
        ("/a\\b", "/a\\b"),
    ])
    func redirectsToSameOriginPaths(path: String, location: String) throws {
        let response = try HTTPResponse.redirect(toPath: path)
        #expect(response.status == .seeOther)
        #expect(response.headers["Location"] == location)
    }

    @Test(arguments: [
        "", "start", "//evil.example", "/\\evil.example", "https://evil.example/", "javascript:alert(1)", "/\t/evil.example",
        "/start\r\nSet-Cookie: x=y", "\\\\evil.example",
    ])
    func refusesRedirectsThatCouldLeaveTheSite(path: String) {
        #expect(!HTTPResponse.isSameOriginPath(path))
        #expect(throws: HTTPError.self) { try HTTPResponse.redirect(toPath: path) }
    }

    @Test func redirectsToExternalURLsOnlyWhenNamed() throws {
        let response = try HTTPResponse.redirect(toExternalURL: "https://console.aws.amazon.com/ec2/home", status: .found)
        #expect(response.status == .found)
        #expect(response.headers["Location"] == "https://console.aws.amazon.com/ec2/home")
        #expect(throws: HTTPError.self) { try HTTPResponse.redirect(toExternalURL: "javascript:alert(1)") }
        #expect(throws: HTTPError.self) { try HTTPResponse.redirect(toExternalURL: "/start") }
        #expect(throws: HTTPError.self) { try HTTPResponse.redirect(toExternalURL: "https://a.example/\r\nX: y") }
    }
}
