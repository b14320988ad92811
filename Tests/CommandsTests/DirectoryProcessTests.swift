import App
import Foundation
import TestSupport
import Testing

@testable import Commands

/// `portico apply` and `portico export` as processes: output, exit status, and the data directory they touch.
struct DirectoryProcessTests {
    private struct Run {
        let status: Int32
        let output: String
        let errors: String
    }

    private func run(_ arguments: [String], environment: [String: String] = [:]) throws -> Run {
        try run(Checkout.porticoBinary, arguments, environment: environment)
    }

    /// `script` run by `sh` with `$PORTICO` naming the binary, for pipes and limits.
    private func shell(_ script: String, environment: [String: String] = [:]) throws -> Run {
        try run("/bin/sh", ["-c", script], environment: environment.merging(["PORTICO": Checkout.porticoBinary]) { $1 })
    }

    /// Output and errors go to files, not pipes: a process that fills the error pipe while the test waits for
    /// the end of its output would wait forever (as `apply` did printing half a million errors).
    private func run(_ executable: String, _ arguments: [String], environment: [String: String]) throws -> Run {
        let capture = Checkout.temporaryDirectory("apply-output")
        defer { try? FileManager.default.removeItem(atPath: capture) }
        let (outputPath, errorsPath) = (capture + "/output", capture + "/errors")
        _ = FileManager.default.createFile(atPath: outputPath, contents: nil)
        _ = FileManager.default.createFile(atPath: errorsPath, contents: nil)
        let process = Process()
        process.executableURL = URL(fileURLWithPath: executable)
        process.arguments = arguments
        process.environment = ["PATH": "/usr/bin:/bin"].merging(environment) { $1 }
        process.standardOutput = FileHandle(forWritingAtPath: outputPath)
        process.standardError = FileHandle(forWritingAtPath: errorsPath)
        try process.run()
        process.waitUntilExit()
        return Run(
            status: process.terminationStatus, output: try String(contentsOfFile: outputPath, encoding: .utf8),
            errors: String(decoding: FileManager.default.contents(atPath: errorsPath) ?? Data(), as: UTF8.self))
    }

    private func write(_ text: String, in directory: String, as name: String) throws -> String {
        let path = directory + "/" + name
        try text.write(toFile: path, atomically: true, encoding: .utf8)
        return path
    }

    @Test func appliesPrintsThePlanAndExportsWhatReappliesToNoChange() throws {
        let directory = Checkout.temporaryDirectory("apply-process")
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let file = try write(DirectoryExamples.spec, in: directory, as: "directory.json")
        let data = directory + "/data"

        let dryRun = try run(["apply", "--dry-run", "--data-dir", data, file])
        #expect(dryRun.status == 0)
        #expect(dryRun.output.hasPrefix("create user alice@example.com\n"))
        #expect(dryRun.output.hasSuffix("6 changes planned (dry run: nothing applied)\n"))

        let applied = try run(["apply", file], environment: ["PORTICO_DATA_DIR": data])
        #expect(applied.status == 0 && applied.errors.isEmpty)
        #expect(applied.output.hasSuffix("6 changes applied\n"))

        let exported = try run(["export", "--data-dir", data])
        #expect(exported.status == 0)
        let again = try write(exported.output, in: directory, as: "exported.json")
        #expect(try run(["apply", "--data-dir", data, again]).output == "no changes\n")
    }

    @Test func anInvalidFileExitsOneWithEachErrorOnItsOwnLineAndChangesNothing() throws {
        let directory = Checkout.temporaryDirectory("apply-process")
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let data = directory + "/data"
        _ = try run(["apply", "--data-dir", data, try write(DirectoryExamples.spec, in: directory, as: "good.json")])
        let before = try run(["export", "--data-dir", data]).output

        let bad = try write(
            #"{"users": [], "permission_sets": [{"name": "AdministratorAccess", "session_duration": "PT13H", "tagz": {}}], "assignments": [{"account": "123456789012", "permission_set": "AdministratorAccess", "user": "alice@example.com"}]}"#,
            in: directory, as: "bad.json")
        let invalid = try run(["apply", "--data-dir", data, bad])
        #expect(invalid.status == 1)
        #expect(invalid.output.isEmpty)
        #expect(
            invalid.errors == """
                $.permission_sets[0].tagz: unknown field
                $.permission_sets[0].session_duration: must be between 1 hour and 12 hours
                $.assignments[0]: unknown account 123456789012
                $.assignments[0]: unknown user alice@example.com

                """)
        let notJSON = try run(["apply", "--data-dir", data, try write("{", in: directory, as: "broken.json")])
        #expect(notJSON.status == 1)
        #expect(notJSON.errors == "$: line 1, column 2: expected a quoted key but found the end of the text\n")
        #expect(try run(["export", "--data-dir", data]).output == before)
    }

    /// `/dev/zero`, a sparse file and an endless pipe used to be read until memory ran out (exit 134). The
    /// address space is capped at 1 GiB so that a regression fails here quickly instead of taking the machine.
    @Test func anEndlessOrOversizedInputIsRefusedUnreadWithStatusTwo() throws {
        let directory = Checkout.temporaryDirectory("apply-process")
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let sparse = directory + "/sparse.json"
        #expect(FileManager.default.createFile(atPath: sparse, contents: nil))
        try FileHandle(forWritingAtPath: sparse)?.truncate(atOffset: 100 << 20)
        let environment = ["DATA": directory + "/data", "SPARSE": sparse]
        for (script, file) in [
            (#"exec "$PORTICO" apply --data-dir "$DATA" /dev/zero"#, "/dev/zero"),
            (#"exec "$PORTICO" apply --data-dir "$DATA" "$SPARSE""#, sparse),
            // `yes` complains of the closed pipe when the test runner ignores SIGPIPE, as servers in tests do.
            (#"yes '{"users": [' 2>/dev/null | "$PORTICO" apply --data-dir "$DATA" /dev/stdin"#, "/dev/stdin"),
        ] {
            let started = ContinuousClock.now
            let refused = try shell("ulimit -v 1048576; " + script, environment: environment)
            #expect(refused.status == 2, "\(file)")
            #expect(refused.errors == "portico: cannot read \(file): larger than 64 MiB, the most a directory file may be\n")
            #expect(ContinuousClock.now - started < .seconds(30), "\(file)")
        }
    }

    /// The report: two groups run together into one object; apply deleted the group whose `name` lost.
    @Test func aKeyWrittenTwiceExitsOneAndDeletesNothing() throws {
        let directory = Checkout.temporaryDirectory("apply-process")
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let data = directory + "/data"
        #expect(try run(["apply", "--data-dir", data, try write(DirectoryExamples.twoGroups, in: directory, as: "two.json")]).status == 0)
        let before = try run(["export", "--data-dir", data]).output

        let refused = try run(["apply", "--data-dir", data, try write(DirectoryExamples.groupsRunTogether, in: directory, as: "run.json")])
        #expect(refused.status == 1 && refused.output.isEmpty)
        #expect(refused.errors == DirectoryExamples.groupsRunTogetherErrors.joined(separator: "\n") + "\n")
        #expect(try run(["export", "--data-dir", data]).output == before)
    }

    /// Each of these used to print `DecodingError.typeMismatch … Path: groups`.
    @Test func badInputIsNamedForWhatItIsWithLineAndColumn() throws {
        let directory = Checkout.temporaryDirectory("apply-process")
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let cases = DirectoryExamples.badInputs
        for (index, (bytes, message)) in cases.enumerated() {
            let path = directory + "/bad\(index).json"
            #expect(FileManager.default.createFile(atPath: path, contents: Data(bytes)))
            let invalid = try run(["apply", "--data-dir", directory + "/data", path])
            #expect(invalid.status == 1)
            #expect(invalid.errors == message + "\n")
        }
    }

    /// Half a million unknown keys used to print half a million lines.
    @Test func manyErrorsPrintFiftyLinesAndHowManyMore() throws {
        let directory = Checkout.temporaryDirectory("apply-process")
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let keys = (0..<500_000).map { #""k\#($0)": 0"# }.joined(separator: ", ")
        let file = try write(
            #"{"users": [{"email": "a@example.com", "display_name": "A", "# + keys + "}]}", in: directory, as: "unknown.json")
        let invalid = try run(["apply", "--data-dir", directory + "/data", file])
        #expect(invalid.status == 1)
        let lines = invalid.errors.split(separator: "\n", omittingEmptySubsequences: false)
        #expect(lines.count == 52)  // 50 errors, the count, and the empty string after the last line feed
        #expect(lines.first == "$.users[0].k0: unknown field")
        #expect(lines[50] == "… and 499950 more errors")
    }

    @Test func aMissingFileOrArgumentExitsTwo() throws {
        let directory = Checkout.temporaryDirectory("apply-process")
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let missing = try run(["apply", "--data-dir", directory, directory + "/nope.json"])
        #expect(missing.status == 2)
        #expect(missing.errors.contains("cannot read \(directory)/nope.json: No such file or directory"))
        #expect(try run(["apply", "--data-dir", directory]).status == 2)
        #expect(try run(["export", "--data-dir", directory + "/none"]).status == 2)
    }

    @Test func helpListsApplyAndExport() throws {
        let help = try run(["--help"])
        #expect(help.output.contains("portico apply [--dry-run] [--data-dir DIR] FILE.json"))
        #expect(help.output.contains("portico export [--data-dir DIR]"))
    }

    @Test func commandParsesApplyAndExportOptions() throws {
        func parse(_ arguments: [String], _ environment: [String: String] = [:]) throws -> Command {
            try Command.parse(arguments: arguments, environment: environment, onlineCores: 1)
        }
        #expect(try parse(["apply", "d.json"]) == .apply(ApplyOptions(file: "d.json")))
        #expect(
            try parse(["apply", "--dry-run", "d.json", "--data-dir=/x"])
                == .apply(ApplyOptions(file: "d.json", dataDirectory: "/x", dryRun: true)))
        #expect(try parse(["export"], ["PORTICO_DATA_DIR": "/srv"]) == .export(ExportOptions(dataDirectory: "/srv")))
        #expect(throws: ConfigurationError.missingValue(option: "apply", expected: "FILE.json")) { try parse(["apply"]) }
        #expect(throws: ConfigurationError.unexpectedArgument("b.json")) { try parse(["apply", "a.json", "b.json"]) }
        #expect(throws: ConfigurationError.unexpectedArgument("x")) { try parse(["export", "x"]) }
    }
}
