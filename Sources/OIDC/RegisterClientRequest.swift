/// `RegisterClient` (`POST /client/register`): a native client introducing itself before a sign-in flow.
///
/// botocore's device flow sends `{clientName, clientType, scopes?}`; `aws sso login` with PKCE adds
/// `grantTypes ["authorization_code","refresh_token"]`, `redirectUris ["http://127.0.0.1/oauth/callback"]`
/// and `issuerUrl`. The model also lists `entitledApplicationArn`, which is read and ignored. Where the model
/// has `InvalidClientMetadataException` and `InvalidRedirectUriException` for bad metadata, Portico answers
/// `invalid_request` with a description naming the member: botocore treats all of them as a failed login.
package struct RegisterClientRequest: Hashable, Sendable {
    package static let maximumScopes = 25
    package static let maximumRedirectURIs = 10

    /// Trimmed; 1–128 characters without control characters.
    package let clientName: String
    package let scopes: [String]
    package let redirectURIs: [LoopbackRedirectURI]
    /// As sent, without repeats; empty when the client sent none (see `allowedGrantTypes`).
    package let grantTypes: [GrantType]
    package let issuerURL: String?

    /// The grants this client may use. A client that names none is botocore's device flow, which later refreshes
    /// its token with `refresh_token`; only a client that asks for `authorization_code` gets it.
    package var allowedGrantTypes: Set<GrantType> {
        grantTypes.isEmpty ? [.deviceCode, .refreshToken] : Set(grantTypes)
    }

    package static func parse(_ body: [UInt8]) throws(OIDCError) -> RegisterClientRequest {
        let body = try OIDCRequestBody(body)
        let name = try body.requiredString("clientName", maxLength: 4096).trimmingWhitespace
        guard (1...128).contains(name.count) else { throw .invalidRequest("clientName must be 1 to 128 characters.") }
        guard !name.unicodeScalars.contains(where: { $0.properties.generalCategory == .control }) else {
            throw .invalidRequest("clientName must not contain control characters.")
        }
        let clientType = try body.requiredString("clientType", maxLength: 64)
        guard clientType == "public" else { throw .invalidRequest("clientType must be \"public\"; \"\(clientType)\" is not supported.") }

        let scopes = try body.optionalStrings("scopes", maxCount: maximumScopes)
        for scope in scopes {
            guard (1...256).contains(scope.count) else { throw .invalidScope("Each scope must be 1 to 256 characters.") }
            // RFC 6749 §3.3's scope-token: /authorize joins scopes with spaces, so a scope cannot hold one.
            guard
                scope.unicodeScalars.allSatisfy({ $0.value == 0x21 || (0x23...0x5B).contains($0.value) || (0x5D...0x7E).contains($0.value) }
                )
            else { throw .invalidScope("The scope \"\(scope)\" has a character a scope cannot have (RFC 6749 §3.3).") }
        }

        var redirectURIs: [LoopbackRedirectURI] = []
        for text in try body.optionalStrings("redirectUris", maxCount: maximumRedirectURIs) {
            guard let uri = LoopbackRedirectURI(text) else {
                throw .invalidRequest(
                    "The redirect URI \"\(text.prefix(200))\" is not a loopback URI: use http://127.0.0.1[:port]/path or http://[::1][:port]/path."
                )
            }
            redirectURIs.append(uri)
        }

        var grantTypes: [GrantType] = []
        for text in try body.optionalStrings("grantTypes", maxCount: GrantType.allCases.count * 4) {
            guard let grant = GrantType(rawValue: text) else {
                throw .invalidRequest("The grant type \"\(text.prefix(200))\" is not supported: use \(GrantType.spelledOut).")
            }
            if !grantTypes.contains(grant) { grantTypes.append(grant) }
        }
        if !redirectURIs.isEmpty && !grantTypes.contains(.authorizationCode) {
            throw .invalidRequest("redirectUris are only used by the authorization_code grant; add it to grantTypes.")
        }
        if grantTypes.contains(.authorizationCode) && redirectURIs.isEmpty {
            throw .invalidRequest("The authorization_code grant needs at least one redirect URI in redirectUris.")
        }

        _ = try body.optionalString("entitledApplicationArn", maxLength: 2048)
        return RegisterClientRequest(
            clientName: name, scopes: scopes, redirectURIs: redirectURIs, grantTypes: grantTypes,
            issuerURL: try body.optionalString("issuerUrl", maxLength: 2048))
    }
}

extension String {
    /// Without leading and trailing white space (Unicode's `White_Space`, which includes line breaks).
    fileprivate var trimmingWhitespace: String {
        let scalars = unicodeScalars
        guard let first = scalars.firstIndex(where: { !$0.properties.isWhitespace }),
            let last = scalars.lastIndex(where: { !$0.properties.isWhitespace })
        else { return "" }
        return String(scalars[first...last])
    }
}
