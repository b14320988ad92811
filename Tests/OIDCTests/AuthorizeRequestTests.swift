import OIDC
import Testing

/// /authorize: refusals that cannot redirect are kept apart from those that go back to the CLI.
struct AuthorizeRequestTests {
    private let challenge = "E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw-cM"
    private let redirect = "http://127.0.0.1:34535/oauth/callback"

    /// What botocore's SSOTokenFetcherAuth sends, as decoded pairs.
    private var cliQuery: [(String, String)] {
        [
            ("response_type", "code"), ("client_id", "c-1"), ("redirect_uri", redirect), ("state", "6a3c-uuid"),
            ("code_challenge_method", "S256"), ("scopes", "sso:account:access other:scope"), ("code_challenge", challenge),
        ]
    }

    private func registry(_ clientId: String) -> [String]? {
        clientId == "c-1" ? ["http://[::1]/elsewhere", "http://127.0.0.1/oauth/callback"] : nil
    }

    private func parse(_ query: [(String, String)]) throws(AuthorizeError) -> AuthorizeRequest {
        try AuthorizeRequest.parse(query: query, registeredRedirectURIs: registry)
    }

    private func replacing(_ name: String, with value: String?) -> [(String, String)] {
        cliQuery.filter { $0.0 != name } + (value.map { [(name, $0)] } ?? [])
    }

    @Test func theCLIsRequestIsAccepted() throws {
        let request = try parse(cliQuery)
        #expect(request.clientId == "c-1" && request.state == "6a3c-uuid" && request.codeChallenge == challenge)
        #expect(request.redirectURI.description == redirect)
        #expect(request.scopes == ["sso:account:access", "other:scope"])
    }

    @Test func scopeIsReadWhenScopesIsAbsentAndNeitherMeansNone() throws {
        #expect(try parse(replacing("scopes", with: nil) + [("scope", "a b")]).scopes == ["a", "b"])
        #expect(try parse(replacing("scopes", with: nil)).scopes == [])
        #expect(try parse(cliQuery + [("scope", "sso:account:access other:scope")]).scopes.count == 2)
    }

    @Test(
        arguments: [
            ("client_id", nil, "The request has no client_id."), ("client_id", "", "The request has no client_id."),
            ("client_id", "unknown", "The client_id is not one this portal registered; run aws sso login again."),
            ("redirect_uri", nil, "The request has no redirect_uri."),
            (
                "redirect_uri", "https://evil.example/cb",
                "The redirect_uri is not a loopback URI such as http://127.0.0.1:port/oauth/callback."
            ),
            ("redirect_uri", "http://127.0.0.1:34535/other", "The redirect_uri is not one this client registered."),
            ("redirect_uri", "http://[::1]:34535/oauth/callback", "The redirect_uri is not one this client registered."),
        ] as [(String, String?, String)])
    func aBadClientOrRedirectURIIsShownNeverRedirected(name: String, value: String?, reason: String) {
        #expect(throws: AuthorizeError.cannotRedirect(reason: reason)) { try parse(replacing(name, with: value)) }
        #expect(AuthorizeError.cannotRedirect(reason: reason).location == nil)
    }

    @Test func aRepeatedClientOrRedirectURIIsShownNeverRedirected() {
        #expect(throws: AuthorizeError.cannotRedirect(reason: "The request names client_id more than once.")) {
            try parse(cliQuery + [("client_id", "c-1")])
        }
        #expect(throws: AuthorizeError.cannotRedirect(reason: "The request names redirect_uri more than once.")) {
            try parse(cliQuery + [("redirect_uri", redirect)])
        }
    }

    @Test(
        arguments: [
            ("response_type", nil, AuthorizeError.Code.invalidRequest, "The request has no response_type."),
            ("response_type", "token", .unsupportedResponseType, "Only response_type=code is supported."),
            ("code_challenge_method", nil, .invalidRequest, "The request has no code_challenge_method; only S256 is supported."),
            ("code_challenge_method", "plain", .invalidRequest, "code_challenge_method plain is not supported; only S256 is."),
            ("code_challenge", nil, .invalidRequest, "The request has no code_challenge."),
            ("code_challenge", "abc", .invalidRequest, "The code_challenge is not an S256 challenge (43 base64url characters)."),
        ] as [(String, String?, AuthorizeError.Code, String)])
    func otherProblemsRedirectWithTheErrorAndState(name: String, value: String?, code: AuthorizeError.Code, description: String) throws {
        let uri = try #require(LoopbackRedirectURI(redirect))
        let expected = AuthorizeError.redirect(to: uri, code: code, description: description, state: "6a3c-uuid")
        #expect(throws: expected) { try parse(replacing(name, with: value)) }
        let location = try #require(expected.location)
        #expect(location.hasPrefix(redirect + "?error=\(code.rawValue)&error_description="))
        #expect(location.hasSuffix("&state=6a3c-uuid"))
    }

    @Test func aMissingEmptyOrOversizedStateIsRefusedWithoutEchoingIt() throws {
        let uri = try #require(LoopbackRedirectURI(redirect))
        #expect(throws: AuthorizeError.redirect(to: uri, code: .invalidRequest, description: "The request has no state.", state: nil)) {
            try parse(replacing("state", with: nil))
        }
        #expect(throws: AuthorizeError.redirect(to: uri, code: .invalidRequest, description: "The request has no state.", state: nil)) {
            try parse(replacing("state", with: ""))
        }
        #expect(
            throws: AuthorizeError.redirect(
                to: uri, code: .invalidRequest, description: "The state is longer than 512 characters.", state: nil)
        ) {
            try parse(replacing("state", with: String(repeating: "s", count: 513)))
        }
        #expect(try parse(replacing("state", with: String(repeating: "s", count: 512))).state.count == 512)
    }

    @Test func anyOtherRepeatedParameterIsAnInvalidRequestRedirect() throws {
        let uri = try #require(LoopbackRedirectURI(redirect))
        #expect(
            throws: AuthorizeError.redirect(
                to: uri, code: .invalidRequest, description: "The request names code_challenge more than once.", state: "6a3c-uuid")
        ) {
            try parse(cliQuery + [("code_challenge", challenge)])
        }
        #expect(
            throws: AuthorizeError.redirect(
                to: uri, code: .invalidRequest, description: "The request names state more than once.", state: nil)
        ) {
            try parse(cliQuery + [("state", "other")])
        }
    }

    @Test func conflictingScopeAndScopesAreAnInvalidScope() throws {
        let uri = try #require(LoopbackRedirectURI(redirect))
        #expect(
            throws: AuthorizeError.redirect(
                to: uri, code: .invalidScope, description: "The request names both scopes and scope, with different values.",
                state: "6a3c-uuid")
        ) {
            try parse(cliQuery + [("scope", "else")])
        }
    }
}
