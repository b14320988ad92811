import Crypto
import Domain
import HTTPServer
import SQLite
import Storage
import Time

/// What `portico apply` will do, in the order it does it: settings, then creates and updates (users before the
/// groups and accounts that name them), then assignments, then deletes.
package struct DirectoryPlan {
    /// Stores a created user's password: `(connection, user id, password)`, inside the apply's transaction.
    package typealias PasswordSetter = (Connection, String, String) throws -> Void

    /// Hashes a created user's password with scrypt and stores only the hash.
    ///
    /// This runs inside the apply's write transaction, about 0.1 s per password at the default cost: files
    /// that create many users with passwords hold the writer that long (users from SCIM or SAML have none).
    package static func storeHashedPassword(_ db: Connection, userID: String, password: String) throws {
        try CredentialStore(db).setPasswordHash(userID: userID, hash: PasswordHasher().hash(password), now: WallClock.system.epochSeconds)
    }

    package let changes: [DirectoryChange]

    /// One line per change.
    package var lines: [String] { changes.map(\.description) }

    /// The last line `portico apply` prints.
    package func summary(dryRun: Bool) -> String {
        if changes.isEmpty { return "no changes" }
        let count = changes.count == 1 ? "1 change" : "\(changes.count) changes"
        return dryRun ? "\(count) planned (dry run: nothing applied)" : "\(count) applied"
    }

    /// Performs every change and appends one audit event per change, all inside the caller's transaction.
    package func perform(on db: Connection, actor: String, setPassword: PasswordSetter) throws {
        let audit = AuditStore(db)
        let time = AuditTime.now()
        for change in changes {
            try change.perform(db, setPassword)
            try audit.append(
                AuditEvent(
                    time: time, actor: actor, action: "\(change.kind.rawValue).\(change.action.rawValue)", target: change.key,
                    details: change.auditDetails))
        }
    }
}
