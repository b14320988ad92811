import Domain

/// The OAuth grants SSO-OIDC's `CreateToken` takes, spelled as in `grantType` and `RegisterClient.grantTypes`:
/// the ones a registered client keeps (`OIDCClient.GrantType`).
package typealias GrantType = OIDCClient.GrantType

extension GrantType {
    /// The grant types joined for a message: `a, b or c`.
    static var spelledOut: String {
        let names = allCases.map(\.rawValue)
        return names.dropLast().joined(separator: ", ") + " or " + names[names.count - 1]
    }
}
