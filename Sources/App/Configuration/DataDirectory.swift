import Glibc
import SQLite
import Storage
import System

/// The directory holding the database, the server secret and the signing keys: created on first start,
/// private to the owner, and refused when it or the database files are not.
///
/// The database holds password hashes and session records and the secret opens the TOTP secrets; a
/// directory or file other local users can read hands them out, so the start stops with the `chmod`
/// that fixes it, as it does for the SAML key.
package struct DataDirectory: Sendable {
    /// The database and the files SQLite keeps beside it.
    package static let databaseFileNames = ["portico.sqlite3", "portico.sqlite3-wal", "portico.sqlite3-shm"]

    package let path: String

    package var databasePath: String { path + "/" + Self.databaseFileNames[0] }

    /// Creates the directory (mode 0700) when it does not exist yet; checks an existing one and the
    /// database files in it.
    package init(path: String) throws(StartupError) {
        self.path = path
        let status: FileSystem.Status
        do {
            status = try FileSystem.status(of: path, followingLinks: true)
        } catch {
            guard error.errorNumber == ENOENT else { throw StartupError("cannot examine data directory \(path): \(error.reason)") }
            guard mkdir(path, 0o700) == 0 else {
                throw StartupError("cannot create data directory \(path): \(String(cString: strerror(errno)))")
            }
            return
        }
        guard status.kind == .directory else { throw StartupError("data directory \(path) exists but is not a directory") }
        if let problem = status.privacyProblem(path: path) { throw StartupError(problem) }
        for name in Self.databaseFileNames {
            try Self.requirePrivateIfPresent(path + "/" + name)
        }
    }

    /// Opens the database, creating it owner-only, and brings its schema up to date.
    package func openDatabase(writePatience: Database.WritePatience = Database.WritePatience()) throws -> Database {
        try createDatabaseFileIfMissing()
        return try Schema.openAndMigrate(path: databasePath, writePatience: writePatience)
    }

    /// Creates the database file owner-only before SQLite opens it, whatever the process umask; SQLite
    /// gives its `-wal` and `-shm` files the database file's mode, so they are owner-only too.
    private func createDatabaseFileIfMissing() throws(StartupError) {
        do {
            let descriptor = try SystemCalls.open(databasePath, flags: O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW, mode: 0o600)
            close(descriptor)
        } catch  where error.errorNumber == EEXIST {
            return
        } catch {
            throw StartupError("cannot create \(databasePath): \(error.reason)")
        }
    }

    /// Refuses `path` when it exists and is not private to the user Portico runs as.
    package static func requirePrivateIfPresent(_ path: String) throws(StartupError) {
        let status: FileSystem.Status
        do {
            status = try FileSystem.status(of: path, followingLinks: true)
        } catch {
            guard error.errorNumber == ENOENT else { throw StartupError("cannot examine \(path): \(error.reason)") }
            return
        }
        if let problem = status.privacyProblem(path: path) { throw StartupError(problem) }
    }
}

/// Why `portico serve` could not start, phrased for the operator.
package struct StartupError: Error, CustomStringConvertible {
    package let description: String

    package init(_ description: String) { self.description = description }
}
