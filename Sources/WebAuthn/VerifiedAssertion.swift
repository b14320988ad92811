/// What a sign-in assertion that passed tells the app to record.
package struct VerifiedAssertion: Sendable, Hashable {
    /// The new counter to store in place of the old one.
    package let signCount: UInt32
    package let userVerified: Bool
    /// BS: whether the credential is backed up now (it can change between sign-ins).
    package let backedUp: Bool
}
