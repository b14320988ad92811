import Web

/// What a route group's middleware guarantees its handlers, read without checking again.
///
/// A handler outside the group that provides the value is a mistake in the route table, not a visitor's:
/// it is answered as a server error and logged, never as access.
extension Request {
    /// The signed-in user behind `RequireSignIn` (the `/me` pages).
    func signedInUser() throws -> SignedInUser {
        guard let signedIn else { throw MissingGuarantee(what: "RequireSignIn", path: String(path)) }
        return signedIn
    }

    /// The admin behind `RequireAdmin` (the admin group).
    func admin() throws -> SignedInUser {
        guard let admin = storage[RequireAdmin.Key.self] else { throw MissingGuarantee(what: "RequireAdmin", path: String(path)) }
        return admin
    }

    /// The admin or owner behind `RequireAccountManager` (the account pages owners share).
    func accountManager() throws -> AccountManager {
        guard let manager = storage[AccountManager.Key.self] else {
            throw MissingGuarantee(what: "RequireAccountManager", path: String(path))
        }
        return manager
    }
}

/// A handler ran without the middleware its group should have run first.
struct MissingGuarantee: Error, CustomStringConvertible {
    let what: String
    let path: String

    var description: String { "\(path) is served outside the route group that runs \(what)" }
}
