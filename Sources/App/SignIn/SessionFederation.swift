import Domain

/// The identity provider a session's sign-in went through, and the `SessionIndex` it gave.
struct SessionFederation {
    let provider: IdentityProvider
    let sessionIndex: String?
}
