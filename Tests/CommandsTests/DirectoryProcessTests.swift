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
        let process = Process()
        process.executableURL = URL(fileURLWithPath: Checkout.porticoBinary)
        process.arguments = arguments
        process.environment = ["PATH": "/usr/bin:/bin"].merging(environment) { $1 }
        let output = Pipe(), errors = Pipe()
        process.standardOutput = output
        process.standardError = errors
        try process.run()
        let outputData = output.fileHandleForReading.readDataToEndOfFile()
        let errorData = errors.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return Run(
            status: process.terminationStatus, output: String(decoding: outputData, as: UTF8.self),
            errors: String(decoding: errorData, as: UTF8.self))
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
                $.permission_sets[0].session_duration: must be between PT1H and PT12H
                $.assignments[0]: unknown account 123456789012
                $.assignments[0]: unknown user alice@example.com

                """)
        let notJSON = try run(["apply", "--data-dir", data, try write("{", in: directory, as: "broken.json")])
        #expect(notJSON.status == 1 && notJSON.errors.hasPrefix("$: not valid JSON"))
        #expect(try run(["export", "--data-dir", data]).output == before)
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
