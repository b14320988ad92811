import Testing
import WebAuthn

struct RelyingPartyTests {
    @Test(arguments: [
        ("https://portal.example.com", "portal.example.com", "https://portal.example.com"),
        ("https://Portal.Example.COM:443/sign-in?x=1", "portal.example.com", "https://portal.example.com"),
        ("https://portal.example.com:8443/", "portal.example.com", "https://portal.example.com:8443"),
        ("http://localhost:8080", "localhost", "http://localhost:8080"),
        ("http://localhost:80/", "localhost", "http://localhost"),
        ("HTTP://LOCALHOST", "localhost", "http://localhost"),
    ])
    func derivesIdAndOrigin(_ baseURL: String, _ id: String, _ origin: String) throws {
        let relyingParty = try RelyingParty(baseURL: baseURL)
        #expect(relyingParty.id == id)
        #expect(relyingParty.origin == origin)
        #expect(relyingParty.name == "Portico")
        #expect(relyingParty.supportsWebAuthn)
    }

    @Test(arguments: [
        "ftp://example.com", "example.com", "https://", "https:///path", "https://user@example.com", "https://example.com:99999",
        "https://example.com:8a",
    ])
    func refusesUnusableBaseURLs(_ baseURL: String) {
        #expect(throws: RelyingParty.InvalidBaseURL.self) { try RelyingParty(baseURL: baseURL) }
    }

    @Test func ipAddressesDoNotSupportWebAuthn() throws {
        #expect(try !RelyingParty(baseURL: "http://127.0.0.1:8080").supportsWebAuthn)
        #expect(try !RelyingParty(baseURL: "https://[::1]:8443").supportsWebAuthn)
        #expect(try RelyingParty(baseURL: "https://[::1]:8443").origin == "https://[::1]:8443")
        #expect(try RelyingParty(baseURL: "https://10.0.0.1.example.com").supportsWebAuthn)
    }

    @Test func nameCanBeGiven() throws {
        #expect(try RelyingParty(baseURL: "https://example.com", name: "Acme access").name == "Acme access")
    }
}
