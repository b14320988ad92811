import SQLite
import Storage
import Web

/// The gate of the account pages an account's owners share with admins (the list, an account's page and
/// its assignments): admins pass; an owner passes for the accounts they own, decided from the database on
/// every request so a removed owner loses access at once; anyone else gets a 403. Owners may do nothing
/// else: every other admin page is behind `RequireAdmin`.
struct RequireAccountManager: Middleware {
    static let notAnOwner = "This page is for Portico administrators and the account's owners only."

    let database: Database

    func handle(_ request: Request, next: (Request) throws -> HTTPResponse) throws -> HTTPResponse {
        guard let signedIn = request.signedIn else { return try ReturnPath.signInFirst(request) }
        let role: AccountManager.Role
        if signedIn.user.isAdmin {
            role = .admin
        } else if let accountID = request.parameters["id"] {
            guard try database.read({ try AccountStore($0).isOwner(userID: signedIn.user.id, accountID: accountID) }) else {
                throw HTTPError(.forbidden, Self.notAnOwner)
            }
            role = .owner
        } else {
            // The list: `SessionMiddleware` read whether the user owns any account with this very request.
            guard signedIn.ownsAccounts else { throw HTTPError(.forbidden, Self.notAnOwner) }
            role = .owner
        }
        var request = request
        request.storage[AccountManager.Key.self] = AccountManager(user: signedIn, role: role)
        return try next(request)
    }
}
