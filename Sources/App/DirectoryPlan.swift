import Domain
import SQLite
import Storage

/// What `portico apply` will do, in the order it does it: settings, then creates and updates (users before the
/// groups and accounts that name them), then assignments, then deletes.
package struct DirectoryPlan {
    /// Stores a created user's password: `(connection, user id, password)`, inside the apply's transaction.
    package typealias PasswordSetter = (Connection, String, String) throws -> Void

    /// Passwords are validated and carried in the plan but not stored: there is no credential table until
    /// sign-in lands, which wires a setter that hashes with `PasswordHasher` and writes it.
    package static func passwordsNotYetStored(_ db: Connection, userID: String, password: String) {}

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
