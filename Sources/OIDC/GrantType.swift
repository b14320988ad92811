/// The OAuth grants SSO-OIDC's `CreateToken` takes, spelled as in `grantType` and `RegisterClient.grantTypes`.
package enum GrantType: String, Hashable, Sendable, CaseIterable {
    /// RFC 8628 §3.4: `aws sso login --use-device-code`, and every CLI before 2.22.
    case deviceCode = "urn:ietf:params:oauth:grant-type:device_code"
    /// RFC 6749 §4.1 with PKCE: `aws sso login` on CLI v2 with an `sso-session`.
    case authorizationCode = "authorization_code"
    /// RFC 6749 §6: botocore's `SSOTokenProvider` when fewer than 15 minutes remain.
    case refreshToken = "refresh_token"

    /// The grant types joined for a message: `a, b or c`.
    static var spelledOut: String {
        let names = allCases.map(\.rawValue)
        return names.dropLast().joined(separator: ", ") + " or " + names[names.count - 1]
    }
}
