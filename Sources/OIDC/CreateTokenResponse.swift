import JSON

/// What `CreateToken` answers: a bearer token for the portal API and, for clients that may refresh, a refresh token.
///
/// `idToken` is left out: the model documents it as not supported, and botocore never reads it.
package struct CreateTokenResponse: Hashable, Sendable {
    package let accessToken: String
    /// Seconds until `accessToken` expires; botocore writes `now + expiresIn` to its cache as `expiresAt`.
    package let expiresIn: Int
    package let refreshToken: String?

    package init(accessToken: String, expiresIn: Int, refreshToken: String? = nil) {
        self.accessToken = accessToken
        self.expiresIn = expiresIn
        self.refreshToken = refreshToken
    }

    /// Always `Bearer`, the one type the model names.
    package var tokenType: String { "Bearer" }

    package var json: String {
        var members: [String: JSONNode] = [
            "accessToken": .string(accessToken), "tokenType": .string(tokenType), "expiresIn": .number(Double(expiresIn)),
        ]
        members["refreshToken"] = refreshToken.map(JSONNode.string)
        return JSONNode.object(members).text()
    }
}
