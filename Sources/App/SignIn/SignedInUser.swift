import Domain
import Web

/// Who a request comes from, put in `request.storage` by `SessionMiddleware` when the session cookie
/// names an active session of an active user.
struct SignedInUser: Sendable {
    let user: User
    let session: PortalSession
    /// The hash of the cookie's token, which the session's CSRF token is derived from.
    let tokenHash: String
    /// The value every form of this session must send back as `csrf`.
    let csrfToken: String
    /// Whether a non-admin owns any account, read with the session: the header then links to the accounts
    /// they manage. Only a link: each account page asks the database again (`RequireAccountManager`).
    var ownsAccounts = false

    /// The `RequestStorage` key.
    enum Key: RequestStorageKey {
        typealias Value = SignedInUser
    }
}

extension Request {
    /// The signed-in user, or nil for an anonymous request.
    var signedIn: SignedInUser? { storage[SignedInUser.Key.self] }
}
