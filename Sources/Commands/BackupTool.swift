import App
import Glibc
import SQLite
import System

/// The `backup` subcommand: a consistent copy of the database, taken while `portico serve` runs, and
/// checked before it is reported.
///
/// The copy is a new file, created 0600 whatever the umask (it holds password hashes and sessions), and
/// never one that exists: a mistyped name must not destroy an older backup. A file left at DEST always
/// passed `PRAGMA integrity_check`; a copy that fails is removed. Exit status: 0 written and checked, 1 the
/// copy failed the check (look at the live database next), 2 a usage or I/O error (no database, DEST
/// exists, DEST cannot be written).
package enum BackupTool {
    package static func run(_ options: BackupOptions, output: (String) -> Void, errors: (String) -> Void) -> Int32 {
        let destination = options.destination
        // Checked before DataDirectory, which would create a missing directory.
        guard access(options.dataDirectory + "/" + DataDirectory.databaseFileNames[0], F_OK) == 0 else {
            errors("portico: no database in \(options.dataDirectory)")
            return 2
        }
        let database: Database
        let source: String
        do {
            let dataDirectory = try DataDirectory(path: options.dataDirectory)
            source = dataDirectory.databasePath
            // Opened as it is, without migrating: a backup changes nothing in the database it copies.
            database = try Database(path: source)
        } catch {
            errors("portico: \(error)")
            return 2
        }
        do {
            let descriptor = try SystemCalls.open(destination, flags: O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW, mode: 0o600)
            SystemCalls.closeIgnoringErrors(descriptor)
        } catch  where error.errorNumber == EEXIST {
            errors("portico: \(destination) already exists; backup never overwrites a file, so give it a new name")
            return 2
        } catch {
            errors("portico: cannot create \(destination): \(error.reason)")
            return 2
        }

        let pages: Int
        let problems: [String]
        do {
            pages = try database.backup(into: destination)
            problems = try Database.integrityCheck(path: destination)
            try sync(destination)
        } catch {
            remove(destination)
            errors("portico: cannot back up \(source) to \(destination): \(error)")
            return 2
        }
        guard problems == ["ok"] else {
            remove(destination)
            errors("portico: the copy failed PRAGMA integrity_check and was removed:")
            for problem in problems.prefix(10) { errors("  \(problem)") }
            errors("Check the database itself: sqlite3 \(source) 'PRAGMA integrity_check'")
            return 1
        }
        output("Backed up \(source) to \(destination): \(pages) pages, integrity_check ok.")
        output(
            "Keep \(options.dataDirectory)/secret.key and \(options.dataDirectory)/saml/ with it: the copy's TOTP secrets "
                + "open only with that secret.key, and the SAML keys are what AWS trusts.")
        return 0
    }

    /// Flushes the copy and its directory entry to the disk, so a backup reported done survives a power loss.
    private static func sync(_ path: String) throws {
        let descriptor = try SystemCalls.open(path, flags: O_RDONLY)
        defer { SystemCalls.closeIgnoringErrors(descriptor) }
        try SystemCalls.sync(descriptor)
        let slash = path.lastIndex(of: "/")
        FileSystem.syncDirectory(slash.map { $0 == path.startIndex ? "/" : String(path[..<$0]) } ?? ".")
    }

    /// Removes a copy this run created, and the rollback journal a failed copy may leave beside it.
    private static func remove(_ path: String) {
        unlink(path)
        unlink(path + "-journal")
    }
}
