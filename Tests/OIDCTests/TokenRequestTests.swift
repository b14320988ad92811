import JSON
import OIDC
import Testing

/// StartDeviceAuthorization and CreateToken bodies as botocore sends them, and their answers.
struct TokenRequestTests {
    private let verifier = "dBjftJeZ4CVP-mB92K27uhbUJU1p1r_wW1gFWFOEjXk"

    private func token(_ text: String) throws(OIDCError) -> CreateTokenRequest { try CreateTokenRequest.parse(Array(text.utf8)) }

    @Test func startDeviceAuthorizationNeedsAllThreeMembers() throws {
        let request = try StartDeviceAuthorizationRequest.parse(
            Array(#"{"clientId":"c","clientSecret":"s","startUrl":"https://p.example/start"}"#.utf8))
        #expect(
            try request
                == StartDeviceAuthorizationRequest.parse(
                    Array(#"{"startUrl":"https://p.example/start","clientSecret":"s","clientId":"c"}"#.utf8)))
        #expect(request.clientId == "c" && request.clientSecret == "s" && request.startUrl == "https://p.example/start")
        for (body, description) in [
            (#"{"clientSecret":"s","startUrl":"u"}"#, "clientId is required."),
            (#"{"clientId":"c","startUrl":"u"}"#, "clientSecret is required."),
            (#"{"clientId":"c","clientSecret":"s"}"#, "startUrl is required."),
            (#"{"clientId":"c","clientSecret":"s","startUrl":["u"]}"#, "startUrl must be a string."),
            (
                #"{"clientId":"c","clientSecret":"s","startUrl":"\#(String(repeating: "u", count: 2049))"}"#,
                "startUrl is longer than 2048 characters."
            ),
        ] {
            #expect(throws: OIDCError.invalidRequest(description)) { try StartDeviceAuthorizationRequest.parse(Array(body.utf8)) }
        }
    }

    @Test func theDeviceResponseUsesTheModelsNames() throws {
        let response = StartDeviceAuthorizationResponse(
            deviceCode: "d", userCode: "RHHX-BCTS", verificationUri: "https://p.example/device",
            verificationUriComplete: "https://p.example/device?user_code=RHHX-BCTS", expiresIn: 600, interval: 1)
        #expect(
            try JSONNode.parse(Array(response.json.utf8))
                == .object([
                    "deviceCode": .string("d"), "userCode": .string("RHHX-BCTS"), "verificationUri": .string("https://p.example/device"),
                    "verificationUriComplete": .string("https://p.example/device?user_code=RHHX-BCTS"), "expiresIn": .number(600),
                    "interval": .number(1),
                ]))
        #expect(response.json.contains(#""expiresIn":600,"#), "a whole number, not 600.0")
    }

    @Test func eachGrantReadsItsOwnMembers() throws {
        let device = try token(
            #"{"clientId":"c","clientSecret":"s","grantType":"urn:ietf:params:oauth:grant-type:device_code","deviceCode":"d","scope":["x"]}"#
        )
        #expect(device.grant == .deviceCode("d") && device.grantType == .deviceCode && device.clientId == "c" && device.clientSecret == "s")
        let refresh = try token(#"{"clientId":"c","clientSecret":"s","grantType":"refresh_token","refreshToken":"r"}"#)
        #expect(refresh.grant == .refreshToken("r") && refresh.grantType == .refreshToken)
        let code = try token(
            #"{"grantType":"authorization_code","clientId":"c","clientSecret":"s","redirectUri":"http://127.0.0.1:34535/oauth/callback","codeVerifier":"\#(verifier)","code":"k"}"#
        )
        guard case .authorizationCode(let authCode, let redirectUri, let codeVerifier) = code.grant else {
            Issue.record("not an authorization code grant")
            return
        }
        #expect(authCode == "k" && codeVerifier == verifier && redirectUri.port == 34535)
        #expect(code.grantType == .authorizationCode)
    }

    @Test func aMissingMemberOfTheChosenGrantIsNamed() {
        let base = #""clientId":"c","clientSecret":"s""#
        let cases = [
            (
                #"{\#(base),"grantType":"urn:ietf:params:oauth:grant-type:device_code","refreshToken":"r"}"#,
                "deviceCode is required for the urn:ietf:params:oauth:grant-type:device_code grant."
            ),
            (#"{\#(base),"grantType":"refresh_token","deviceCode":"d"}"#, "refreshToken is required for the refresh_token grant."),
            (
                #"{\#(base),"grantType":"authorization_code","redirectUri":"http://127.0.0.1:1/cb","codeVerifier":"\#(verifier)"}"#,
                "code is required for the authorization_code grant."
            ),
            (
                #"{\#(base),"grantType":"authorization_code","code":"k","codeVerifier":"\#(verifier)"}"#,
                "redirectUri is required for the authorization_code grant."
            ),
            (
                #"{\#(base),"grantType":"authorization_code","code":"k","redirectUri":"http://127.0.0.1:1/cb"}"#,
                "codeVerifier is required for the authorization_code grant."
            ),
            (
                #"{\#(base),"grantType":"authorization_code","code":"k","redirectUri":"http://localhost:1/cb","codeVerifier":"\#(verifier)"}"#,
                "redirectUri is not a loopback URI: use http://127.0.0.1[:port]/path or http://[::1][:port]/path."
            ),
            (
                #"{\#(base),"grantType":"authorization_code","code":"k","redirectUri":"http://127.0.0.1:1/cb","codeVerifier":"short"}"#,
                "codeVerifier must be 43 to 128 characters of A-Z, a-z, 0-9, '-', '.', '_' and '~' (RFC 7636 §4.1)."
            ),
            (#"{"clientSecret":"s","grantType":"refresh_token","refreshToken":"r"}"#, "clientId is required."),
            (#"{"clientId":"c","grantType":"refresh_token","refreshToken":"r"}"#, "clientSecret is required."),
            (#"{\#(base)}"#, "grantType is required."),
            (#"{\#(base),"grantType":"refresh_token","refreshToken":""}"#, "refreshToken must not be empty."),
        ]
        for (body, description) in cases {
            #expect(throws: OIDCError.invalidRequest(description), "\(body)") { try token(body) }
        }
    }

    @Test func anUnknownGrantTypeIsUnsupported() {
        #expect(
            throws: OIDCError.unsupportedGrantType(
                #"The grant type "password" is not supported: use urn:ietf:params:oauth:grant-type:device_code, authorization_code or refresh_token."#
            )
        ) { try token(#"{"clientId":"c","clientSecret":"s","grantType":"password"}"#) }
        #expect(throws: OIDCError.self) {
            try token(#"{"clientId":"c","clientSecret":"s","grantType":"urn:ietf:params:oauth:grant-type:jwt-bearer"}"#)
        }
    }

    @Test func theTokenResponseIsBearerWithoutAnIDToken() throws {
        let full = CreateTokenResponse(accessToken: "a", expiresIn: 28_800, refreshToken: "r")
        #expect(full.json == #"{"accessToken":"a","expiresIn":28800,"refreshToken":"r","tokenType":"Bearer"}"#)
        let bare = try JSONNode.parse(Array(CreateTokenResponse(accessToken: "a", expiresIn: 3600).json.utf8))
        #expect(bare == .object(["accessToken": .string("a"), "expiresIn": .number(3600), "tokenType": .string("Bearer")]))
    }
}
