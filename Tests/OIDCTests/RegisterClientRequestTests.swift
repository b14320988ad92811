import JSON
import OIDC
import Testing

/// RegisterClient as the device flow and `aws sso login` with PKCE send it, and every refusal.
struct RegisterClientRequestTests {
    private func parse(_ text: String) throws(OIDCError) -> RegisterClientRequest {
        try RegisterClientRequest.parse(Array(text.utf8))
    }

    @Test func theDeviceFlowRegistrationReadsWithTheDefaultGrants() throws {
        let request = try parse(#"{"clientName":"botocore-client-1718000000","clientType":"public","scopes":["sso:account:access"]}"#)
        #expect(request.clientName == "botocore-client-1718000000")
        #expect(request.scopes == ["sso:account:access"] && request.redirectURIs.isEmpty && request.grantTypes.isEmpty)
        #expect(request.allowedGrantTypes == [.deviceCode, .refreshToken])
        #expect(request.issuerURL == nil)
    }

    @Test func thePKCERegistrationReadsWithItsRedirectURIAndIssuer() throws {
        let request = try parse(
            #"""
            {"clientName": "botocore-client-s1", "clientType": "public", "grantTypes": ["authorization_code", "refresh_token"],
             "redirectUris": ["http://127.0.0.1/oauth/callback"], "issuerUrl": "https://portal.example.com/start",
             "scopes": ["sso:account:access"], "entitledApplicationArn": "arn:aws:sso::1:application/x", "somethingNew": 1}
            """#)
        #expect(request.grantTypes == [.authorizationCode, .refreshToken])
        #expect(request.allowedGrantTypes == [.authorizationCode, .refreshToken])
        #expect(request.redirectURIs.map(\.description) == ["http://127.0.0.1/oauth/callback"])
        #expect(request.issuerURL == "https://portal.example.com/start")
    }

    @Test func theNameIsTrimmedAndRepeatedGrantsCollapse() throws {
        let request = try parse(
            #"{"clientName":"  my tool \n","clientType":"public","grantTypes":["refresh_token","refresh_token","urn:ietf:params:oauth:grant-type:device_code"]}"#
        )
        #expect(request.clientName == "my tool")
        #expect(request.grantTypes == [.refreshToken, .deviceCode])
    }

    @Test(arguments: [
        ("not json", "The request body is not JSON"), ("[1]", "The request body must be a JSON object."),
        (#"{"clientType":"public"}"#, "clientName is required."),
        (#"{"clientName":null,"clientType":"public"}"#, "clientName is required."),
        (#"{"clientName":5,"clientType":"public"}"#, "clientName must be a string."),
        (#"{"clientName":"","clientType":"public"}"#, "clientName must not be empty."),
        (#"{"clientName":"   ","clientType":"public"}"#, "clientName must be 1 to 128 characters."),
        (#"{"clientName":"a\u0007b","clientType":"public"}"#, "clientName must not contain control characters."),
        (#"{"clientName":"x"}"#, "clientType is required."),
        (#"{"clientName":"x","clientType":"confidential"}"#, #"clientType must be "public"; "confidential" is not supported."#),
        (#"{"clientName":"x","clientType":"public","scopes":"sso:account:access"}"#, "scopes must be a list of strings."),
        (#"{"clientName":"x","clientType":"public","scopes":[1]}"#, "scopes must be a list of strings."),
        (
            #"{"clientName":"x","clientType":"public","redirectUris":["https://example.com/cb"],"grantTypes":["authorization_code"]}"#,
            #"The redirect URI "https://example.com/cb" is not a loopback URI"#
        ),
        (#"{"clientName":"x","clientType":"public","grantTypes":["password"]}"#, #"The grant type "password" is not supported"#),
        (
            #"{"clientName":"x","clientType":"public","redirectUris":["http://127.0.0.1/cb"]}"#,
            "redirectUris are only used by the authorization_code grant; add it to grantTypes."
        ),
        (
            #"{"clientName":"x","clientType":"public","redirectUris":["http://127.0.0.1/cb"],"grantTypes":["refresh_token"]}"#,
            "redirectUris are only used by the authorization_code grant; add it to grantTypes."
        ),
        (
            #"{"clientName":"x","clientType":"public","grantTypes":["authorization_code"]}"#,
            "The authorization_code grant needs at least one redirect URI in redirectUris."
        ),
        (
            #"{"clientName":"x","clientType":"public","grantTypes":["authorization_code"],"redirectUris":[]}"#,
            "The authorization_code grant needs at least one redirect URI in redirectUris."
        ),
        (#"{"clientName":"x","clientType":"public","issuerUrl":7}"#, "issuerUrl must be a string."),
    ])
    func badRequestsAreInvalidRequestsThatSayWhy(body: String, description: String) {
        do {
            _ = try parse(body)
            Issue.record("accepted \(body)")
        } catch {
            #expect(error.code == .invalidRequest)
            #expect(error.description.hasPrefix(description), "\(error.description)")
        }
    }

    @Test func limitsOnLengthsAndCounts() throws {
        let name129 = String(repeating: "n", count: 129)
        #expect(throws: OIDCError.invalidRequest("clientName must be 1 to 128 characters.")) {
            try parse(#"{"clientName":"\#(name129)","clientType":"public"}"#)
        }
        _ = try parse(#"{"clientName":"\#(String(repeating: "é", count: 128))","clientType":"public"}"#)
        let scopes26 = (0..<26).map { #""s\#($0)""# }.joined(separator: ",")
        #expect(throws: OIDCError.invalidRequest("scopes has more than 25 items.")) {
            try parse(#"{"clientName":"x","clientType":"public","scopes":[\#(scopes26)]}"#)
        }
        let uris11 = (0..<11).map { #""http://127.0.0.1/\#($0)""# }.joined(separator: ",")
        #expect(throws: OIDCError.invalidRequest("redirectUris has more than 10 items.")) {
            try parse(#"{"clientName":"x","clientType":"public","grantTypes":["authorization_code"],"redirectUris":[\#(uris11)]}"#)
        }
    }

    @Test func badScopesAreInvalidScope() {
        #expect(throws: OIDCError.invalidScope("Each scope must be 1 to 256 characters.")) {
            try parse(#"{"clientName":"x","clientType":"public","scopes":[""]}"#)
        }
        #expect(throws: OIDCError.invalidScope("Each scope must be 1 to 256 characters.")) {
            try parse(#"{"clientName":"x","clientType":"public","scopes":["\#(String(repeating: "s", count: 257))"]}"#)
        }
        #expect(throws: OIDCError.invalidScope(#"The scope "a b" has a character a scope cannot have (RFC 6749 §3.3)."#)) {
            try parse(#"{"clientName":"x","clientType":"public","scopes":["a b"]}"#)
        }
    }

    @Test func theResponseCarriesEpochSecondsAndOptionalEndpoints() throws {
        let full = RegisterClientResponse(
            clientId: "c-1", clientSecret: "s-1", clientIdIssuedAt: 1_718_000_000, clientSecretExpiresAt: 1_725_776_000,
            authorizationEndpoint: "https://p.example/authorize", tokenEndpoint: "https://p.example/token")
        #expect(
            full.json
                == #"{"authorizationEndpoint":"https://p.example/authorize","clientId":"c-1","clientIdIssuedAt":1718000000,"clientSecret":"s-1","clientSecretExpiresAt":1725776000,"tokenEndpoint":"https://p.example/token"}"#
        )
        let bare = try JSONNode.parse(
            Array(RegisterClientResponse(clientId: "c", clientSecret: "s", clientIdIssuedAt: 1, clientSecretExpiresAt: 2).json.utf8))
        #expect(
            bare
                == .object([
                    "clientId": .string("c"), "clientSecret": .string("s"), "clientIdIssuedAt": .number(1),
                    "clientSecretExpiresAt": .number(2),
                ]))
    }
}
