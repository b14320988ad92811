import Foundation
import SAML
import Testing

struct SAMLAuthnRequestTests {
    static let request = SAMLAuthnRequest(
        serviceProviderEntityID: "https://portico.example.com/saml/sp/entra",
        assertionConsumerServiceURL: "https://portico.example.com/saml/sp/entra/acs",
        singleSignOnURL: "https://login.microsoftonline.com/tenant-id/saml2", nameIDFormat: .emailAddress,
        issueInstant: 1_767_268_800, id: "_0123456789abcdef0123456789abcdef")

    /// The query parameters of `url`, percent-decoded.
    static func parameters(of url: String) throws -> [String: String] {
        let query = try #require(url.split(separator: "?", maxSplits: 1).last)
        var parameters: [String: String] = [:]
        for pair in query.split(separator: "&") {
            let parts = pair.split(separator: "=", maxSplits: 1).map(String.init)
            parameters[parts[0]] = try #require(parts.count == 2 ? parts[1].removingPercentEncoding : "")
        }
        return parameters
    }

    /// The request document carried in `url`'s `SAMLRequest`: percent-decoded, base64-decoded, inflated.
    static func requestXML(in url: String) throws -> String {
        let encoded = try #require(try parameters(of: url)["SAMLRequest"])
        let deflated = try #require(Data(base64Encoded: encoded))
        let inflated = try #require(StoredDeflateTests.inflateStored(Array(deflated)))
        return String(decoding: inflated, as: UTF8.self)
    }

    @Test func theRequestNamesPorticoTheIdentityProviderAndThePostBinding() throws {
        let root = try #require(ParsedXML.parse(Self.request.xml))
        #expect(root.name == "AuthnRequest" && root.namespaceURI == ParsedXML.samlp)
        #expect(root.attributes["ID"] == "_0123456789abcdef0123456789abcdef")
        #expect(root.attributes["Version"] == "2.0")
        #expect(root.attributes["IssueInstant"] == "2026-01-01T12:00:00Z")
        #expect(root.attributes["Destination"] == "https://login.microsoftonline.com/tenant-id/saml2")
        #expect(root.attributes["AssertionConsumerServiceURL"] == "https://portico.example.com/saml/sp/entra/acs")
        #expect(root.attributes["ProtocolBinding"] == "urn:oasis:names:tc:SAML:2.0:bindings:HTTP-POST")
        #expect(root.first("Issuer", in: ParsedXML.saml)?.text == "https://portico.example.com/saml/sp/entra")
        let policy = try #require(root.first("NameIDPolicy", in: ParsedXML.samlp))
        #expect(policy.attributes == ["Format": "urn:oasis:names:tc:SAML:1.1:nameid-format:emailAddress", "AllowCreate": "true"])
        var unspecified = Self.request
        unspecified.nameIDFormat = .unspecified
        #expect(
            ParsedXML.parse(unspecified.xml)?.first("NameIDPolicy", in: ParsedXML.samlp)?.attributes["Format"]
                == "urn:oasis:names:tc:SAML:1.1:nameid-format:unspecified")
    }

    @Test func theRedirectCarriesTheDeflatedRequestAndTheRelayState() throws {
        let url = Self.request.redirectURL(relayState: "k/+= 1")
        #expect(url.hasPrefix("https://login.microsoftonline.com/tenant-id/saml2?SAMLRequest="))
        #expect(try Self.requestXML(in: url) == Self.request.xml)
        #expect(try Self.parameters(of: url)["RelayState"] == "k/+= 1")
        // Base64's `+`, `/` and `=` are escaped: only unreserved characters and escapes remain in the query.
        let query = try #require(url.split(separator: "?", maxSplits: 1).last)
        #expect(query.allSatisfy { $0.isASCII && ($0.isLetter || $0.isNumber || "-._~%&=".contains($0)) })
        #expect(try Self.parameters(of: Self.request.redirectURL()).keys.sorted() == ["SAMLRequest"])
    }

    @Test(arguments: [
        ("https://idp.example.com/sso?tenant=a", "https://idp.example.com/sso?tenant=a&SAMLRequest="),
        ("https://idp.example.com/sso?", "https://idp.example.com/sso?SAMLRequest="),
        ("https://idp.example.com/sso?a=b&", "https://idp.example.com/sso?a=b&SAMLRequest="),
        ("https://idp.example.com/sso#top", "https://idp.example.com/sso?SAMLRequest="),
    ])
    func theRequestJoinsAQueryTheURLAlreadyHas(singleSignOnURL: String, prefix: String) throws {
        var request = Self.request
        request.singleSignOnURL = singleSignOnURL
        let url = request.redirectURL(relayState: "r")
        #expect(url.hasPrefix(prefix))
        #expect(url.hasSuffix(singleSignOnURL.contains("#") ? "&RelayState=r#top" : "&RelayState=r"))
        #expect(try Self.requestXML(in: url.split(separator: "#").first.map(String.init) ?? url) == request.xml)
    }

    @Test func everyRequestHasItsOwnID() {
        let ids = (0..<100).map { _ in SAMLAuthnRequest.randomID() }
        #expect(Set(ids).count == 100)
        #expect(ids.allSatisfy { $0.count == 33 && $0.hasPrefix("_") && $0.dropFirst().allSatisfy(\.isHexDigit) })
    }

    @Test func valuesAreEscapedInTheDocument() throws {
        var request = Self.request
        request.serviceProviderEntityID = "https://portico.example.com/?a=1&b=<2>"
        request.assertionConsumerServiceURL = #"https://portico.example.com/acs?x="y""#
        let root = try #require(ParsedXML.parse(request.xml))
        #expect(root.first("Issuer", in: ParsedXML.saml)?.text == "https://portico.example.com/?a=1&b=<2>")
        #expect(root.attributes["AssertionConsumerServiceURL"] == #"https://portico.example.com/acs?x="y""#)
    }
}
