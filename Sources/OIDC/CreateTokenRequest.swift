/// `CreateToken` (`POST /token`): a client redeeming a device code, an authorization code or a refresh token.
///
/// The model's members are camel case (`deviceCode`, `code`, `redirectUri`, `codeVerifier`, `refreshToken`),
/// not RFC 6749's form fields; its `scope` is a list, and is ignored here: a token carries what the client
/// registered with.
package struct CreateTokenRequest: Hashable, Sendable {
    /// What is being redeemed, with the members that grant requires.
    package enum Grant: Hashable, Sendable {
        case deviceCode(String)
        /// The redirect URI is the one with the port the CLI listened on; compare it with `matches(registered:)`.
        case authorizationCode(code: String, redirectUri: LoopbackRedirectURI, codeVerifier: String)
        case refreshToken(String)
    }

    package let clientId: String
    package let clientSecret: String
    package let grant: Grant

    package var grantType: GrantType {
        switch grant {
        case .deviceCode: .deviceCode
        case .authorizationCode: .authorizationCode
        case .refreshToken: .refreshToken
        }
    }

    package static func parse(_ body: [UInt8]) throws(OIDCError) -> CreateTokenRequest {
        let body = try OIDCRequestBody(body)
        let clientId = try body.requiredString("clientId", maxLength: 1024)
        let clientSecret = try body.requiredString("clientSecret", maxLength: 4096)
        let grantTypeText = try body.requiredString("grantType", maxLength: 256)
        guard let grantType = GrantType(rawValue: grantTypeText) else {
            throw .unsupportedGrantType("The grant type \"\(grantTypeText.prefix(200))\" is not supported: use \(GrantType.spelledOut).")
        }
        func member(_ name: String, maxLength: Int = 4096) throws(OIDCError) -> String {
            guard let value = try body.optionalString(name, maxLength: maxLength) else {
                throw .invalidRequest("\(name) is required for the \(grantType.rawValue) grant.")
            }
            return value
        }
        let grant: Grant
        switch grantType {
        case .deviceCode:
            grant = .deviceCode(try member("deviceCode"))
        case .authorizationCode:
            let code = try member("code")
            let redirectText = try member("redirectUri", maxLength: LoopbackRedirectURI.maximumLength)
            guard let redirectUri = LoopbackRedirectURI(redirectText) else {
                throw .invalidRequest("redirectUri is not a loopback URI: use http://127.0.0.1[:port]/path or http://[::1][:port]/path.")
            }
            let verifier = try member("codeVerifier")
            guard PKCE.isValidVerifier(verifier) else {
                throw .invalidRequest("codeVerifier must be 43 to 128 characters of A-Z, a-z, 0-9, '-', '.', '_' and '~' (RFC 7636 §4.1).")
            }
            grant = .authorizationCode(code: code, redirectUri: redirectUri, codeVerifier: verifier)
        case .refreshToken:
            grant = .refreshToken(try member("refreshToken"))
        }
        return CreateTokenRequest(clientId: clientId, clientSecret: clientSecret, grant: grant)
    }
}
