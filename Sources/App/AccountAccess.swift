import SQLite
import Storage
import Web

/// Who may open an account's page and change its assignments: admins, and the account's owners (users
/// listed as its owners), decided from the database on every request so a removed owner loses access at
/// once. Owners may do nothing else: every other admin page answers them 403.
enum AccountAccess {
    enum Role {
        case admin, owner
    }

    static let notAnOwner = "This page is for Portico administrators and the account's owners only."

    /// The signed-in user and why they may manage `accountID`; nil for a signed-out visitor; 403 for anyone else.
    static func manager(_ request: Request, accountID: String, database: Database) throws -> (user: SignedInUser, role: Role)? {
        guard let signedIn = request.signedIn else { return nil }
        if signedIn.user.isAdmin { return (signedIn, .admin) }
        guard try database.read({ try AccountStore($0).isOwner(userID: signedIn.user.id, accountID: accountID) }) else {
            throw HTTPError(.forbidden, notAnOwner)
        }
        return (signedIn, .owner)
    }
}
