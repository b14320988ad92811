import SQLite
import Time

/// `portico apply` and `portico export` on an open database, without the process around them.
package enum DirectorySync {
    /// Makes the directory match `text` in one transaction and returns what was done, or only plans it when
    /// `dryRun` is set. Throws `DirectoryFileError.Invalid` with every problem, having changed nothing.
    ///
    /// - Parameter setPassword: nil hashes passwords with scrypt.
    package static func apply(
        _ text: [UInt8], to database: Database, dryRun: Bool = false, actor: String = "apply", clock: WallClock,
        setPassword: DirectoryPlan.PasswordSetter? = nil
    ) throws -> DirectoryPlan {
        let file = try DirectoryFile.parse(text)
        if dryRun {
            return try database.read { db in try DirectoryPlanner.plan(file, current: try DirectorySnapshot.load(db)) }
        }
        return try database.write { db in
            let plan = try DirectoryPlanner.plan(file, current: try DirectorySnapshot.load(db))
            try plan.perform(on: db, actor: actor, clock: clock, setPassword: setPassword)
            return plan
        }
    }

    /// The whole directory as a file that `apply` turns into no change.
    ///
    /// SCIM- and SAML-provisioned users and groups are included with their `source`, since groups and
    /// assignments name them; passwords never are.
    package static func export(from database: Database) throws -> String {
        try database.read { db in try DirectorySnapshot.load(db).file.text() }
    }
}
