import Crypto
import Domain
import SQLite
import Storage
import Time

/// What `portico apply` will do, in the order it does it: settings, then creates and updates (users before the
/// groups and accounts that name them), then assignments, then identity providers (their deletes first, so a
/// renamed one can take over its old key), then the other deletes.
package struct DirectoryPlan {
    /// Stores a created user's password: `(connection, user id, password)`, inside the apply's transaction.
    package typealias PasswordSetter = (Connection, String, String) throws -> Void

    /// Hashes a created user's password with scrypt and stores only the hash, dated by `clock`.
    ///
    /// This runs inside the apply's write transaction, about 0.1 s per password at the default cost: files
    /// that create many users with passwords hold the writer that long (users from SCIM or SAML have none).
    package static func hashedPasswords(clock: WallClock) -> PasswordSetter {
        { db, userID, password in
            try CredentialStore(db).setPasswordHash(userID: userID, hash: PasswordHasher().hash(password), now: clock.epochSeconds)
        }
    }

    /// Hashes, before the write transaction, the passwords of the users `plan` creates, and stores those
    /// hashes when the plan is performed: scrypt (about 0.1 s a password) then never runs while the write
    /// lock is held. Each user gets a hash with its own salt, even when two share a password.
    static func prehashedPasswords(for plan: DirectoryPlan, of file: DirectoryFile, clock: WallClock) -> PasswordSetter {
        let created = Set(plan.changes.filter { $0.kind == .user && $0.action == .create }.map(\.key))
        var hashes: [String: [String]] = [:]
        let hasher = PasswordHasher()
        for user in file.users ?? [] where created.contains(DirectoryChange.shown(user.email)) {
            guard let password = user.password else { continue }
            hashes[password, default: []].append(hasher.hash(password))
        }
        let pending = PrehashedPasswords(hashes)
        return { db, userID, password in
            let hash = pending.take(for: password) ?? hasher.hash(password)
            try CredentialStore(db).setPasswordHash(userID: userID, hash: hash, now: clock.epochSeconds)
        }
    }

    /// What performing a change needs beside the connection: when it happens and how passwords are stored.
    struct Execution {
        let now: Timestamp
        let setPassword: PasswordSetter
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
    ///
    /// - Parameter setPassword: nil hashes passwords with scrypt (`hashedPasswords`).
    package func perform(on db: Connection, actor: String, clock: WallClock, setPassword: PasswordSetter? = nil) throws {
        let audit = AuditStore(db)
        let now = clock.now()
        let execution = Execution(now: now, setPassword: setPassword ?? Self.hashedPasswords(clock: clock))
        let time = now.iso8601Milliseconds
        for change in changes {
            try change.perform(db, execution)
            try audit.append(
                AuditEvent(
                    time: time, actor: actor, action: "\(change.kind.rawValue).\(change.action.rawValue)", target: change.key,
                    details: change.auditDetails))
        }
    }
}
