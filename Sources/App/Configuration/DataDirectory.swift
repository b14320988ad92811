import Glibc

/// The directory holding the database (and later the signing keys): created on first start, private to the owner.
package struct DataDirectory: Sendable {
    package let path: String

    package var databasePath: String { path + "/portico.sqlite3" }

    /// Creates the directory (mode 0700) when it does not exist yet.
    package init(path: String) throws(StartupError) {
        self.path = path
        var info = stat()
        if stat(path, &info) == 0 {
            guard info.st_mode & S_IFMT == S_IFDIR else { throw StartupError("data directory \(path) exists but is not a directory") }
            return
        }
        guard mkdir(path, 0o700) == 0 else {
            throw StartupError("cannot create data directory \(path): \(String(cString: strerror(errno)))")
        }
    }
}

/// Why `portico serve` could not start, phrased for the operator.
package struct StartupError: Error, CustomStringConvertible {
    package let description: String

    package init(_ description: String) { self.description = description }
}
