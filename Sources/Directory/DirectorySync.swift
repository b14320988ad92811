import SQLite
import Storage
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
        let reading = DirectoryFile.read(text)
        guard let file = reading.file else { throw DirectoryFileError.Invalid(reading.errors) }
        if dryRun {
            return try database.read { db in try plan(reading, file, current: try DirectorySnapshot.load(db)) }
        }
        // Everything slow happens outside the write lock: loading the directory, planning, and hashing the
        // new users' passwords. The write then only checks that nobody changed the directory meanwhile
        // (the portal's generation counts every change) and performs the plan; if somebody did, it plans
        // again. The server's writers wait on the lock, so its hold is what a busy portal feels.
        for _ in 0..<replanAttempts {
            let (current, generation) = try database.read { db in
                (try DirectorySnapshot.load(db), try PortalStore(db).sharedGeneration())
            }
            let plan = try plan(reading, file, current: current)
            let passwords = setPassword ?? DirectoryPlan.prehashedPasswords(for: plan, of: file, clock: clock)
            let performed = try database.write { db -> Bool in
                guard try PortalStore(db).sharedGeneration() == generation else { return false }
                try plan.perform(on: db, actor: actor, clock: clock, setPassword: passwords)
                return true
            }
            if performed { return plan }
        }
        // The directory kept changing under every attempt: plan inside the lock, which cannot miss a change.
        return try database.write { db in
            let plan = try plan(reading, file, current: try DirectorySnapshot.load(db))
            try plan.perform(on: db, actor: actor, clock: clock, setPassword: setPassword)
            return plan
        }
    }

    /// How often `apply` plans again when the directory changed between its plan and its write.
    static let replanAttempts = 3

    /// The plan, or every problem at once: the file's own and its references that point at nothing, in the
    /// order of the file, so one run shows all there is to fix.
    private static func plan(
        _ reading: DirectoryFile.Reading, _ file: DirectoryFile, current: DirectorySnapshot
    ) throws(DirectoryFileError.Invalid) -> DirectoryPlan {
        let planned = Result { () throws(DirectoryFileError.Invalid) in
            try DirectoryPlanner.plan(file, current: current, unresolved: reading.unresolved)
        }
        let referenceErrors = if case .failure(let invalid) = planned { invalid.errors } else { [DirectoryFileError]() }
        let errors = reading.errors + referenceErrors
        guard errors.isEmpty else { throw DirectoryFileError.Invalid(DirectoryFileError.inFileOrder(errors)) }
        return try planned.get()
    }

    /// The whole directory as a file that `apply` turns into no change.
    ///
    /// SCIM- and SAML-provisioned users and groups are included with their `source`, since groups and
    /// assignments name them; passwords never are.
    package static func export(from database: Database) throws -> String {
        try database.read { db in try DirectorySnapshot.load(db).file.text() }
    }
}
