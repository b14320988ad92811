import OIDC
import Testing

/// Loopback redirect URIs (RFC 8252 §7.3): the CLI registers one without a port and uses it with one.
struct LoopbackRedirectURITests {
    @Test func theCLIsRegisteredURIMatchesTheOneItSendsWithAPort() throws {
        let registered = try #require(LoopbackRedirectURI("http://127.0.0.1/oauth/callback"))
        let sent = try #require(LoopbackRedirectURI("http://127.0.0.1:34535/oauth/callback"))
        #expect(registered.port == nil && sent.port == 34535 && sent.host == .ipv4 && sent.path == "/oauth/callback")
        #expect(sent.matches(registered: registered))
        #expect(sent.description == "http://127.0.0.1:34535/oauth/callback")
    }

    @Test func hostPathAndQueryMustMatch() throws {
        let registered = try #require(LoopbackRedirectURI("http://127.0.0.1/oauth/callback"))
        for other in [
            "http://[::1]:5000/oauth/callback", "http://127.0.0.1:5000/oauth/callback/", "http://127.0.0.1:5000/oauth/Callback",
            "http://127.0.0.1:5000/oauth/callback?x=1", "http://127.0.0.1:5000/",
        ] {
            #expect(try #require(LoopbackRedirectURI(other)).matches(registered: registered) == false, "\(other)")
        }
        let withQuery = try #require(LoopbackRedirectURI("http://[::1]/cb?app=cli"))
        #expect(try #require(LoopbackRedirectURI("http://[::1]:8080/cb?app=cli")).matches(registered: withQuery))
    }

    @Test func theSchemeIsCaseInsensitiveAndIPv6Works() throws {
        let uri = try #require(LoopbackRedirectURI("HTTP://[::1]:65535/cb"))
        #expect(uri.host == .ipv6 && uri.port == 65535 && uri.description == "http://[::1]:65535/cb")
    }

    @Test(arguments: [
        "https://127.0.0.1/cb", "http://localhost/cb", "http://localhost:8080/cb", "http://127.0.0.2/cb", "http://[::2]/cb",
        "http://0x7f000001/cb", "http://127.0.0.1", "http://127.0.0.1:8080", "http://127.0.0.1?x=1", "http://user@127.0.0.1/cb",
        "http://user:pw@127.0.0.1:80/cb", "http://127.0.0.1/cb#frag", "http://127.0.0.1:/cb", "http://127.0.0.1:0/cb",
        "http://127.0.0.1:65536/cb", "http://127.0.0.1:123456/cb", "http://127.0.0.1:+80/cb", "http://127.0.0.1/a b",
        "http://127.0.0.1/é", "http://127.0.0.1/cb\n", "http://evil.example/cb", "http://127.0.0.1.evil.example/cb",
        "http://[::1]x/cb", "http://::1/cb", "//127.0.0.1/cb", "/oauth/callback", "", "http://",
    ])
    func anythingButALoopbackHTTPURIIsRefused(text: String) {
        #expect(LoopbackRedirectURI(text) == nil)
    }

    @Test func aVeryLongURIIsRefused() {
        #expect(LoopbackRedirectURI("http://127.0.0.1/" + String(repeating: "a", count: 2100)) == nil)
    }

    @Test func theCodeRedirectPercentEncodesItsParameters() throws {
        let uri = try #require(LoopbackRedirectURI("http://127.0.0.1:34535/oauth/callback"))
        #expect(uri.redirect(code: "a+b/c=", state: "s 1&x") == "http://127.0.0.1:34535/oauth/callback?code=a%2Bb%2Fc%3D&state=s%201%26x")
    }

    @Test func anExistingQueryIsKeptAndAppendedTo() throws {
        let uri = try #require(LoopbackRedirectURI("http://127.0.0.1:1/cb?app=cli"))
        #expect(uri.redirect(code: "c", state: "s") == "http://127.0.0.1:1/cb?app=cli&code=c&state=s")
        let emptyQuery = try #require(LoopbackRedirectURI("http://127.0.0.1:1/cb?"))
        #expect(emptyQuery.redirect(code: "c", state: "s") == "http://127.0.0.1:1/cb?code=c&state=s")
    }

    @Test func theErrorRedirectCarriesDescriptionAndStateOnlyWhenThereIsOne() throws {
        let uri = try #require(LoopbackRedirectURI("http://127.0.0.1:9/cb"))
        #expect(
            uri.redirect(error: "access_denied", description: "You said no.", state: "abc")
                == "http://127.0.0.1:9/cb?error=access_denied&error_description=You%20said%20no.&state=abc")
        #expect(
            uri.redirect(error: "invalid_request", description: "é", state: nil)
                == "http://127.0.0.1:9/cb?error=invalid_request&error_description=%C3%A9")
    }
}
