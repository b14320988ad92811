/// Why `Migrator.migrate` refused to run or stopped.
package enum MigrationError: Error, CustomStringConvertible {
    /// The same name was registered more than once.
    case duplicateNames([String])
    /// The database records migrations this build does not have: it was migrated by a newer build.
    case unknownAppliedMigrations([String])
    /// The named migration threw; it was rolled back, and migrations before it stay applied.
    case migrationFailed(name: String, underlying: any Error)
    /// A migration rebuilding a table found it missing, or its definition not in the shape it rewrites.
    case unexpectedTable(String)

    package var description: String {
        switch self {
        case .duplicateNames(let names):
            "migration names registered more than once: \(names.joined(separator: ", "))"
        case .unknownAppliedMigrations(let names):
            "database has migrations this build does not know (was it migrated by a newer version?): "
                + names.joined(separator: ", ")
        case .unexpectedTable(let name):
            "table \(name) is missing or not defined as this migration expects"
        case .migrationFailed(let name, let underlying):
            "migration \(name) failed and was rolled back: \(underlying)"
        }
    }
}
