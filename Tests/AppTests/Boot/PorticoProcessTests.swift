import App
import Crypto
import Foundation
import Glibc
import TestSupport
import Testing

/// The `portico` executable itself: its output, exit codes and signal handling.
struct PorticoProcessTests {
    /// Starts `portico` with `arguments`, through `wrapper` (a command that execs it, keeping the process id) if given.
    private func launch(_ arguments: [String], environment: [String: String] = [:], through wrapper: [String] = []) throws -> (
        Process, Pipe, Pipe
    ) {
        let command = wrapper + [Checkout.porticoBinary] + arguments
        let process = Process()
        process.executableURL = URL(fileURLWithPath: command[0])
        process.arguments = Array(command.dropFirst())
        process.environment = ["PATH": "/usr/bin:/bin"].merging(environment) { $1 }
        let output = Pipe(), errors = Pipe()
        process.standardOutput = output
        process.standardError = errors
        try process.run()
        return (process, output, errors)
    }

    @Test func servesLogsEachRequestAsJsonAndExitsZeroOnSigterm() throws {
        let data = Checkout.temporaryDirectory("process")
        defer { try? FileManager.default.removeItem(atPath: data) }
        let (process, _, errors) = try launch([
            "serve", "--listen", "127.0.0.1:0", "--data-dir", data, "--resources-dir", Checkout.root, "--workers", "2",
        ])
        let lines = LineReader(errors.fileHandleForReading)
        // A first start makes the SAML signing key before it listens.
        let keyLine = try #require(lines.next())
        #expect(keyLine.contains(#""message":"created SAML signing key""#))
        let startup = try #require(lines.next())
        let startupObject = try #require(try JSONSerialization.jsonObject(with: Data(startup.utf8)) as? [String: Any])
        #expect(startupObject["message"] as? String == "listening")
        let address = try #require(startupObject["address"] as? String)
        let port = try #require(Int(address.split(separator: ":").last ?? ""))

        let response = try TestClient(port: port).exchange("GET /healthz?secret=1 HTTP/1.1\r\nHost: localhost\r\n\r\n")
        #expect(response.text == "ok\n")
        // An empty database also gets the one-time setup link, logged right after "listening".
        let setupLine = try #require(lines.next())
        #expect(setupLine.contains("/setup?token="))
        let logLine = try #require(lines.next())
        let entry = try #require(try JSONSerialization.jsonObject(with: Data(logLine.utf8)) as? [String: Any])
        #expect(entry["path"] as? String == "/healthz")
        #expect(entry["status"] as? Int == 200)
        #expect(!logLine.contains("secret"))

        process.terminate()  // SIGTERM
        process.waitUntilExit()
        #expect(process.terminationReason == .exit)
        #expect(process.terminationStatus == 0)
        #expect(FileManager.default.fileExists(atPath: data + "/portico.sqlite3"))
    }

    @Test func sigtermLetsTheRequestInFlightFinish() throws {
        let data = Checkout.temporaryDirectory("process")
        defer { try? FileManager.default.removeItem(atPath: data) }
        let (process, _, errors) = try launch(["serve", "--listen", "127.0.0.1:0", "--data-dir", data, "--resources-dir", Checkout.root])
        let lines = LineReader(errors.fileHandleForReading)
        _ = lines.next()  // created SAML signing key
        let startup = try #require(lines.next())
        let port = try #require(startup.firstMatch(of: /"address":"127\.0\.0\.1:(\d+)"/).flatMap { Int($0.1) })
        // An idle keep-alive connection must be closed by the stop, not hold it up.
        let idle = try TestClient(port: port)
        #expect(try idle.exchange("GET /healthz HTTP/1.1\r\nHost: localhost\r\n\r\n").status == 200)
        process.terminate()
        #expect(idle.waitForClose())
        process.waitUntilExit()
        #expect(process.terminationStatus == 0)
    }

    @Test func versionAndHelpPrintAndExitZero() throws {
        let (version, output, _) = try launch(["version"])
        version.waitUntilExit()
        #expect(version.terminationStatus == 0)
        #expect(String(decoding: output.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self) == "portico \(PorticoVersion.current)\n")

        let (help, helpOutput, _) = try launch(["--help"])
        help.waitUntilExit()
        let text = String(decoding: helpOutput.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        #expect(help.terminationStatus == 0)
        for variable in ["PORTICO_LISTEN", "PORTICO_DATA_DIR", "PORTICO_BASE_URL", "PORTICO_WORKERS", "PORTICO_RESOURCES_DIR"] {
            #expect(text.contains(variable))
        }
    }

    @Test func badConfigurationExitsTwoWithAClearMessage() throws {
        let (process, _, errors) = try launch(["serve"], environment: ["PORTICO_WORKERS": "abc"])
        process.waitUntilExit()
        #expect(process.terminationStatus == 2)
        let message = String(decoding: errors.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        #expect(message.contains("PORTICO_WORKERS"))
        #expect(message.contains("abc"))
    }

    @Test func missingResourcesStopTheBootWithExitOne() throws {
        let data = Checkout.temporaryDirectory("process")
        let empty = Checkout.temporaryDirectory("empty")
        defer {
            try? FileManager.default.removeItem(atPath: data)
            try? FileManager.default.removeItem(atPath: empty)
        }
        let (process, _, errors) = try launch(["serve", "--listen", "127.0.0.1:0", "--data-dir", data, "--resources-dir", empty])
        process.waitUntilExit()
        #expect(process.terminationStatus == 1)
        let message = String(decoding: errors.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        #expect(message.hasPrefix("portico: cannot start:"))
    }

    /// A `secret.key` other users can read would let them forge the pending-MFA cookie (skipping the
    /// password) and open the TOTP secrets, so the server refuses it as it refuses a readable SAML key.
    @Test func aWorldReadableSecretKeyStopsTheStartWithTheFix() throws {
        let data = Checkout.temporaryDirectory("process")
        defer { try? FileManager.default.removeItem(atPath: data) }
        try Data(SecureRandom.bytes(32)).write(to: URL(fileURLWithPath: data + "/secret.key"))
        try FileManager.default.setAttributes([.posixPermissions: 0o644], ofItemAtPath: data + "/secret.key")
        let (process, _, errors) = try launch(["serve", "--listen", "127.0.0.1:0", "--data-dir", data, "--resources-dir", Checkout.root])
        process.waitUntilExit()
        #expect(process.terminationStatus == 1)
        let message = String(decoding: errors.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        #expect(message.contains("portico: cannot start: \(data)/secret.key has mode 644"), "\(message)")
        #expect(message.contains("chmod 600 \(data)/secret.key"))
        #expect(!FileManager.default.fileExists(atPath: data + "/portico.sqlite3"), "nothing is created before the checks")
    }

    /// Starts `portico serve` on a loopback port 0 and returns it with its port, once it listens.
    private func serve(data: String, through wrapper: [String] = []) throws -> (Process, port: Int, errors: Pipe) {
        let (process, _, errors) = try launch(
            ["serve", "--listen", "127.0.0.1:0", "--data-dir", data, "--resources-dir", Checkout.root, "--workers", "2"], through: wrapper)
        let lines = LineReader(errors.fileHandleForReading)
        while let line = lines.next() {
            if let port = line.firstMatch(of: /"message":"listening".*"address":"127\.0\.0\.1:(\d+)"/).flatMap({ Int($0.1) }) {
                return (process, port, errors)
            }
        }
        throw TestClient.Failure.closed
    }

    @Test func aSecondServeOnTheSameAddressExitsOneNamingIt() throws {
        let data = Checkout.temporaryDirectory("process")
        let otherData = Checkout.temporaryDirectory("process")
        defer {
            try? FileManager.default.removeItem(atPath: data)
            try? FileManager.default.removeItem(atPath: otherData)
        }
        let (first, port, _) = try serve(data: data)
        defer {
            first.terminate()
            first.waitUntilExit()
        }
        let (second, _, errors) = try launch([
            "serve", "--listen", "127.0.0.1:\(port)", "--data-dir", otherData, "--resources-dir", Checkout.root,
        ])
        // Before the change that made this test, the second one started too and silently shared the port.
        let deadline = ContinuousClock.now + .seconds(20)
        while second.isRunning, ContinuousClock.now < deadline { usleep(50_000) }
        if second.isRunning {
            second.terminate()
            Issue.record("a second server started on port \(port)")
        }
        second.waitUntilExit()
        #expect(second.terminationStatus == 1)
        let message = String(decoding: errors.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        #expect(message.contains("portico: cannot start: address 127.0.0.1:\(port) is already in use"), "\(message)")
        // The first one still has every connection.
        for _ in 0..<10 {
            #expect(try TestClient(port: port).exchange("GET /healthz HTTP/1.1\r\nHost: localhost\r\n\r\n").text == "ok\n")
        }
    }
}
