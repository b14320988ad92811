/// A `LogoutRequest` an identity provider posted to end the sessions it names (single logout).
package struct SAMLLogoutRequest: Hashable, Sendable {
    package var id: String
    package var nameID: String
    /// The sessions it names; empty means every session of that NameID from this provider.
    package var sessionIndexes: [String]
}
