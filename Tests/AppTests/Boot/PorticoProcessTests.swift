import App
import Crypto
import Foundation
import Glibc
import Synchronization
import TestSupport
import Testing

/// The `portico` executable itself: its output, exit codes and signal handling.
struct PorticoProcessTests {
    private func launch(_ arguments: [String], environment: [String: String] = [:]) throws -> (Process, Pipe, Pipe) {
        try launchPortico(arguments, environment: environment)
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

    @Test func aSecondServeOnTheSameAddressExitsOneNamingIt() throws {
        let data = Checkout.temporaryDirectory("process")
        let otherData = Checkout.temporaryDirectory("process")
        defer {
            try? FileManager.default.removeItem(atPath: data)
            try? FileManager.default.removeItem(atPath: otherData)
        }
        let first = try ServeProcess(dataDirectory: data)
        defer { _ = first.stop() }
        let port = try #require(first.waitUntilListening())
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

    /// Out of file descriptors, `accept` fails while the listener stays readable. A loop that lost its spare
    /// descriptor to a race used to retry at once, for ever: the process spun at 100% CPU and new clients hung.
    @Test func outOfDescriptorsNewClientsAreRefusedPromptlyWithoutSpinning() throws {
        let data = Checkout.temporaryDirectory("process")
        defer { try? FileManager.default.removeItem(atPath: data) }
        // A hard limit, which the server cannot lift; run as root, it must also lose CAP_SYS_RESOURCE, which would.
        var limit = ["/usr/bin/prlimit", "--nofile=64:64"]
        if geteuid() == 0 { limit = ["/usr/bin/setpriv", "--bounding-set=-sys_resource"] + limit }
        let server = try ServeProcess(dataDirectory: data, launcher: limit)
        defer { _ = server.stop() }
        let port = try #require(server.waitUntilListening())
        let pid = server.process.processIdentifier
        let healthz = "GET /healthz HTTP/1.1\r\nHost: localhost\r\n\r\n"

        // Kept-alive clients take every descriptor, until new ones are refused.
        var held: [TestClient] = []
        var refusedInARow = 0
        while refusedInARow < 5, held.count < 100 {
            let client = try TestClient(port: port, timeoutSeconds: 2)
            if (try? client.exchange(healthz).status) == 200 {
                held.append(client)
                refusedInARow = 0
            } else {
                refusedInARow += 1
            }
        }
        #expect(refusedInARow == 5, "the server never ran out: \(held.count) connections held")

        // Many clients at once, as when a pool reconnects: the loops race for the descriptors they free, and each
        // client is answered (a 503, or a 200 on a descriptor won back) or closed, never left waiting.
        let unanswered = Atomic<Int>(0)
        let keptOpen = Mutex<[Int32]>([])
        let hammerEnd = ContinuousClock.now + .seconds(2)
        DispatchQueue.concurrentPerform(iterations: 4) { _ in
            for _ in 0..<250 where ContinuousClock.now < hammerEnd {
                guard let client = try? TestClient(port: port, timeoutSeconds: 1) else {
                    unanswered.add(1, ordering: .relaxed)
                    continue
                }
                do {
                    // A client let in keeps its descriptor, as a real one would for a while.
                    if try client.exchange(healthz).status == 200 { keptOpen.withLock { $0.append(dup(client.fd)) } }
                } catch TestClient.Failure.timeout {
                    unanswered.add(1, ordering: .relaxed)
                } catch {
                    // Closed or reset: an answer too.
                }
            }
        }
        #expect(unanswered.load(ordering: .relaxed) == 0)

        // Still out of descriptors: each new client is refused at once, and the process stays all but idle.
        let cpuBefore = try cpuSeconds(of: pid)
        let quietStart = ContinuousClock.now
        while ContinuousClock.now - quietStart < .seconds(2) {
            let client = try TestClient(port: port, timeoutSeconds: 1)
            let asked = ContinuousClock.now
            do {
                let status = try client.exchange(healthz).status
                #expect(status == 503 || status == 200)
            } catch TestClient.Failure.timeout {
                Issue.record("a new client got no answer while descriptors ran out")
            } catch {
                // Closed or reset.
            }
            #expect(ContinuousClock.now - asked < .milliseconds(500))
            usleep(100_000)
        }
        let cpuUsed = try cpuSeconds(of: pid) - cpuBefore
        #expect(cpuUsed < 0.3, "\(cpuUsed) s of CPU in 2 s")

        // Descriptors free up: serving resumes, and the refusals were counted.
        held.removeAll()
        for fd in keptOpen.withLock({ $0 }) { close(fd) }
        var served = false
        for _ in 0..<30 where !served {
            served = (try? TestClient(port: port).exchange(healthz).text) == "ok\n"
            if !served { usleep(100_000) }
        }
        #expect(served)
        let metrics = try TestClient(port: port).exchange("GET /metrics HTTP/1.1\r\nHost: localhost\r\n\r\n").text
        let refusals = metrics.firstMatch(of: /portico_connections_refused_for_descriptors_total (\d+)/).flatMap { Int($0.1) }
        #expect((refusals ?? 0) > 0, "\(metrics)")
    }

    /// When not even the spare descriptor can be had back, nothing can be accepted: the loops must wait quietly
    /// (they used to spin on the readable listener) and serve the waiting client once descriptors are back.
    @Test func withNoDescriptorAtAllTheLoopsWaitWithoutSpinningThenServe() throws {
        let data = Checkout.temporaryDirectory("process")
        defer { try? FileManager.default.removeItem(atPath: data) }
        let server = try ServeProcess(dataDirectory: data)
        defer { _ = server.stop() }
        let port = try #require(server.waitUntilListening())
        let pid = server.process.processIdentifier
        let healthz = "GET /healthz HTTP/1.1\r\nHost: localhost\r\n\r\n"
        #expect(try TestClient(port: port).exchange(healthz).status == 200)

        // Only descriptors 0, 1 and 2 are allowed now: the spare, once closed, cannot be reopened.
        let limits = try descriptorLimits(of: pid)
        try setDescriptorLimits(of: pid, soft: 3, hard: limits.hard)
        let waiting = try TestClient(port: port, timeoutSeconds: 5)
        try waiting.send(healthz)
        let cpuBefore = try cpuSeconds(of: pid)
        usleep(2_000_000)
        let cpuUsed = try cpuSeconds(of: pid) - cpuBefore
        #expect(cpuUsed < 0.3, "\(cpuUsed) s of CPU in 2 s")

        try setDescriptorLimits(of: pid, soft: limits.soft, hard: limits.hard)
        let started = ContinuousClock.now
        #expect(try waiting.readResponse().text == "ok\n")
        #expect(ContinuousClock.now - started < .seconds(1))
        #expect(try TestClient(port: port).exchange(healthz).status == 200)
    }

    /// The soft and hard `RLIMIT_NOFILE` of a process, from `/proc/<pid>/limits`.
    private func descriptorLimits(of pid: Int32) throws -> (soft: String, hard: String) {
        let limits = try String(contentsOfFile: "/proc/\(pid)/limits", encoding: .utf8)
        let line = try #require(limits.split(separator: "\n").first { $0.hasPrefix("Max open files") })
        let fields = line.dropFirst("Max open files".count).split(separator: " ")
        return (String(fields[0]), String(fields[1]))
    }

    /// Sets another process's descriptor limits with `prlimit --pid`; lowering the soft one closes nothing.
    private func setDescriptorLimits(of pid: Int32, soft: some CustomStringConvertible, hard: String) throws {
        let prlimit = Process()
        prlimit.executableURL = URL(fileURLWithPath: "/usr/bin/prlimit")
        prlimit.arguments = ["--pid", "\(pid)", "--nofile=\(soft):\(hard)"]
        try prlimit.run()
        prlimit.waitUntilExit()
        try #require(prlimit.terminationStatus == 0)
    }

    /// User plus system CPU time of a process, from `/proc/<pid>/stat` (fields 14 and 15, in clock ticks).
    private func cpuSeconds(of pid: Int32) throws -> Double {
        let stat = try String(contentsOfFile: "/proc/\(pid)/stat", encoding: .utf8)
        // Field 2, the command name, is in parentheses and may hold spaces: count from after it.
        let afterName = try #require(stat.lastIndex(of: ")"))
        let fields = stat[stat.index(after: afterName)...].split(separator: " ")
        let ticks = try #require(Int(fields[11])) + #require(Int(fields[12]))
        return Double(ticks) / Double(sysconf(Int32(_SC_CLK_TCK)))
    }
}
