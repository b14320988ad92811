import App
import Directory
import Glibc
import SQLite
import Storage
import System
import Time

/// The `apply` and `export` subcommands as the process runs them: files in, lines out, an exit status.
///
/// Exit status (SPEC §8): 0 applied or planned, 1 invalid file (nothing changed), 2 usage or I/O error.
package enum DirectoryTool {
    /// Prints the plan (one line per change) and a summary on `output`, or each error on `errors`.
    package static func apply(
        _ options: ApplyOptions, output: (String) -> Void, errors: (String) -> Void,
        clock: WallClock = .system, setPassword: DirectoryPlan.PasswordSetter? = nil
    ) -> Int32 {
        let text: [UInt8]
        let database: Database
        do {
            text = try readFile(options.file)
            database = try DataDirectory(path: options.dataDirectory).openDatabase()
        } catch {
            errors("portico: \(error)")
            return 2
        }
        do {
            let plan = try DirectorySync.apply(text, to: database, dryRun: options.dryRun, clock: clock, setPassword: setPassword)
            for line in plan.lines { output(line) }
            output(plan.summary(dryRun: options.dryRun))
            return 0
        } catch let invalid as DirectoryFileError.Invalid {
            for line in invalid.lines { errors(line) }
            return 1
        } catch {
            errors("portico: cannot apply \(options.file): \(error)")
            return 2
        }
    }

    /// Prints the directory on `output`.
    package static func export(_ options: ExportOptions, output: (String) -> Void, errors: (String) -> Void) -> Int32 {
        let path = options.dataDirectory + "/portico.sqlite3"
        guard access(path, F_OK) == 0 else {
            errors("portico: no database in \(options.dataDirectory)")
            return 2
        }
        do {
            let database = try DataDirectory(path: options.dataDirectory).openDatabase()
            output(try DirectorySync.export(from: database))
            return 0
        } catch {
            errors("portico: cannot export: \(error)")
            return 2
        }
    }

    /// The whole file, or an error naming it and the reason.
    ///
    /// A file over `DirectoryFile.maximumSize` is an I/O error (status 2) rather than an invalid file: it
    /// is refused by its size before it is read, or, from a pipe or a device, as soon as more arrives.
    static func readFile(_ path: String) throws(StartupError) -> [UInt8] {
        do {
            return try FileSystem.contents(ofFile: path, followingLinks: true, limit: DirectoryFile.maximumSize)
        } catch let error where error.errorNumber == EFBIG {
            throw StartupError("cannot read \(path): larger than \(DirectoryFile.maximumSize >> 20) MiB, the most a directory file may be")
        } catch {
            throw StartupError("cannot read \(path): \(error.reason)")
        }
    }
}
