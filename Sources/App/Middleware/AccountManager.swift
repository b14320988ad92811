import Web

/// Who may manage an account's assignments on this request, and why: put in `request.storage` by
/// `RequireAccountManager`.
struct AccountManager: Sendable {
    enum Role: Sendable {
        case admin, owner
    }

    let user: SignedInUser
    let role: Role

    enum Key: RequestStorageKey {
        typealias Value = AccountManager
    }
}
