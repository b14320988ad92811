import Glibc

/// A fresh directory under the system temporary directory, removed with everything in it on deinit.
///
/// Tests use real files, never `:memory:`: WAL, the reader pool and cross-connection locking only
/// exist on disk.
final class TemporaryDirectory {
    let path: String

    init() throws {
        let base = getenv("TMPDIR").map { String(cString: $0) } ?? "/tmp"
        var template = Array("\(base)/portico-sqlite-XXXXXX".utf8CString)
        guard let created = mkdtemp(&template) else { throw TemporaryDirectoryError(errorNumber: errno) }
        path = String(cString: created)
    }

    /// A database file path inside the directory (the file itself is not created).
    func databasePath(_ name: String = "test.sqlite") -> String {
        "\(path)/\(name)"
    }

    deinit {
        if let directory = opendir(path) {
            while let entry = readdir(directory) {
                let name = withUnsafeBytes(of: entry.pointee.d_name) {
                    String(cString: $0.bindMemory(to: CChar.self).baseAddress!)
                }
                if name != "." && name != ".." { unlink("\(path)/\(name)") }
            }
            closedir(directory)
        }
        rmdir(path)
    }
}

struct TemporaryDirectoryError: Error {
    let errorNumber: Int32
}
