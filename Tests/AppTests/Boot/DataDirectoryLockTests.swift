import App
import Foundation
import Glibc
import TestSupport
import Testing

/// One `portico serve` per data directory; the commands meant to run beside it still do.
struct DataDirectoryLockTests {
    private func configuration(_ data: String) -> Configuration {
        Configuration(listen: .init(host: "127.0.0.1", port: 0), dataDirectory: data, workers: 1, resourcesDirectory: Checkout.root)
    }

    @Test func aSecondServerOnTheDirectoryStopsNamingItAndTheHoldersPID() throws {
        let data = Checkout.temporaryDirectory("lock")
        defer { try? FileManager.default.removeItem(atPath: data) }
        try withPortico(dataDirectory: data) { _, _ in
            #expect {
                _ = try PorticoApp(configuration: configuration(data), log: CapturedLog().log)
            } throws: { error in
                let text = "\(error)"
                return text.contains("data directory \(data) is in use by another portico serve (pid \(getpid()))")
            }
            let lockFile = try FileManager.default.attributesOfItem(atPath: data + "/portico.lock")
            #expect(lockFile[.posixPermissions] as? Int == 0o600)
        }
        // Stopped: the directory is free again.
        try withPortico(dataDirectory: data) { _, _ in }
    }

    @Test func aStartThatFailsAfterTakingTheLockLetsItGo() throws {
        let data = Checkout.temporaryDirectory("lock")
        let empty = Checkout.temporaryDirectory("lock-no-resources")
        defer {
            try? FileManager.default.removeItem(atPath: data)
            try? FileManager.default.removeItem(atPath: empty)
        }
        try withPortico(dataDirectory: data) { _, _ in }
        try FileManager.default.setAttributes([.posixPermissions: 0o644], ofItemAtPath: data + "/secret.key")
        #expect(throws: StartupError.self) { _ = try PorticoApp(configuration: configuration(data), log: CapturedLog().log) }
        try FileManager.default.setAttributes([.posixPermissions: 0o600], ofItemAtPath: data + "/secret.key")
        try withPortico(dataDirectory: data) { _, _ in }
    }

    @Test func aSecondServeProcessExitsOneWhileApplyAndExportStillRun() throws {
        let data = Checkout.temporaryDirectory("lock-process")
        defer { try? FileManager.default.removeItem(atPath: data) }
        let first = try ServeProcess(dataDirectory: data)
        let port = try #require(first.waitUntilListening(), "\(first.log)")

        let second = try ServeProcess(dataDirectory: data)
        let status = second.waitForExit()
        if status == nil { second.kill() }
        #expect(status == 1, "\(second.log)")
        #expect(
            second.log.contains(
                "portico: cannot start: data directory \(data) is in use by another portico serve (pid \(first.process.processIdentifier))"),
            "\(second.log)")
        #expect(try TestClient(port: port).exchange("GET /healthz HTTP/1.1\r\nHost: localhost\r\n\r\n").status == 200)

        let directoryFile = data + ".json"
        defer { try? FileManager.default.removeItem(atPath: directoryFile) }
        try #"{"groups": [{"name": "beside-serve"}]}"#.write(toFile: directoryFile, atomically: true, encoding: .utf8)
        #expect(try runPortico(["apply", "--data-dir", data, directoryFile]).status == 0)
        let exported = try runPortico(["export", "--data-dir", data])
        #expect(exported.status == 0)
        #expect(exported.output.contains("beside-serve"))
        #expect(first.stop() == 0)
    }
}
