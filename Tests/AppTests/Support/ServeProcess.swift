import Foundation
import TestSupport

/// A real `portico serve` process, for what only a process shows: exit statuses, signals, the data
/// directory's lock, a crash.
///
/// Its log goes to a file rather than a pipe, so a test that sends hundreds of requests never stalls the
/// server on a pipe nobody reads, and a start that should fail but does not is noticed instead of hanging.
final class ServeProcess {
    let process = Process()
    let logPath: String

    /// Launches `portico serve` on `dataDirectory` and returns at once.
    ///
    /// - Parameter launcher: a command and arguments to run the binary through, e.g. `setpriv` to drop root.
    init(dataDirectory: String, environment: [String: String] = [:], launcher: [String] = []) throws {
        logPath = dataDirectory + ".log"
        _ = FileManager.default.createFile(atPath: logPath, contents: nil)
        let arguments = [
            Checkout.porticoBinary, "serve", "--listen", "127.0.0.1:0", "--data-dir", dataDirectory, "--resources-dir", Checkout.root,
            "--workers", "2",
        ]
        let command = launcher + arguments
        process.executableURL = URL(fileURLWithPath: command[0])
        process.arguments = Array(command.dropFirst())
        process.environment = ["PATH": "/usr/bin:/bin"].merging(environment) { $1 }
        process.standardOutput = FileHandle.nullDevice
        process.standardError = try FileHandle(forWritingTo: URL(fileURLWithPath: logPath))
        try process.run()
    }

    deinit {
        if process.isRunning { process.terminate() }
        try? FileManager.default.removeItem(atPath: logPath)
    }

    /// Everything logged so far.
    var log: String { (try? String(contentsOfFile: logPath, encoding: .utf8)) ?? "" }

    /// The port from the "listening" line, once it is logged; nil when the process exits first or takes
    /// longer than `timeout` seconds.
    func waitUntilListening(timeout: Double = 20) -> Int? {
        let deadline = Date().addingTimeInterval(timeout)
        while Date() < deadline {
            if let port = log.firstMatch(of: /"message":"listening","address":"127\.0\.0\.1:(\d+)"/).flatMap({ Int($0.1) }) {
                return port
            }
            if !process.isRunning { return nil }
            usleep(10_000)
        }
        return nil
    }

    /// The exit status once the process has ended, or nil if it still runs after `timeout` seconds.
    func waitForExit(timeout: Double = 20) -> Int32? {
        let deadline = Date().addingTimeInterval(timeout)
        while process.isRunning {
            guard Date() < deadline else { return nil }
            usleep(10_000)
        }
        return process.terminationStatus
    }

    /// SIGTERM, then the exit status.
    func stop() -> Int32? {
        process.terminate()
        return waitForExit()
    }

    /// SIGKILL: no handler runs, nothing is flushed or checkpointed.
    func kill() {
        Foundation.kill(process.processIdentifier, SIGKILL)
        process.waitUntilExit()
    }
}

/// Starts `portico` with these arguments and a bare environment plus `environment`; its output comes
/// through the pipes, which the caller must read.
func launchPortico(_ arguments: [String], environment: [String: String] = [:]) throws -> (Process, Pipe, Pipe) {
    let process = Process()
    process.executableURL = URL(fileURLWithPath: Checkout.porticoBinary)
    process.arguments = arguments
    process.environment = ["PATH": "/usr/bin:/bin"].merging(environment) { $1 }
    let output = Pipe(), errors = Pipe()
    process.standardOutput = output
    process.standardError = errors
    try process.run()
    return (process, output, errors)
}

/// Runs a short-lived `portico` command to its end: exit status, standard output and standard error.
func runPortico(_ arguments: [String], environment: [String: String] = [:]) throws -> (status: Int32, output: String, errors: String) {
    let (process, output, errors) = try launchPortico(arguments, environment: environment)
    let outputData = output.fileHandleForReading.readDataToEndOfFile()
    let errorData = errors.fileHandleForReading.readDataToEndOfFile()
    process.waitUntilExit()
    return (process.terminationStatus, String(decoding: outputData, as: UTF8.self), String(decoding: errorData, as: UTF8.self))
}
