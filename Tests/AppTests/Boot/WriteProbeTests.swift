import App
import Dispatch
import Foundation
import Glibc
import Synchronization
import TestSupport
import Testing
import Time

/// A database that cannot be written stops the start, and `/readyz` says whether it takes writes now.
struct WriteProbeTests {
    private struct Refused: Error, CustomStringConvertible {
        var description: String { "disk on fire" }
    }

    /// What the fake write counts and whether it fails, shared with the probe's closure.
    private final class FakeWrite: Sendable {
        let count = Atomic<Int>(0)
        let fails = Atomic<Bool>(false)
        let release = DispatchSemaphore(value: 0)

        /// Counts a write, then fails if told to; waits for `release` first when `blocks`.
        func run(blocks: Bool = false) throws {
            count.add(1, ordering: .relaxed)
            guard fails.load(ordering: .relaxed) else { return }
            if blocks { release.wait() }
            throw Refused()
        }

        var writes: Int { count.load(ordering: .relaxed) }
    }

    @Test func aProbeIsKeptForASecondOfTheClock() {
        let clock = ManualClock()
        let fake = FakeWrite()
        let probe = WriteProbe(clock: clock.clock) { try fake.run() }
        #expect(probe.check() == .writable)
        fake.fails.store(true, ordering: .relaxed)
        for _ in 0..<100 { #expect(probe.check() == .writable) }
        #expect(fake.writes == 1)
        clock.advance(seconds: 1)
        #expect(probe.check() == .failed("disk on fire"))
        #expect(fake.writes == 2)
    }

    @Test func callersDuringARunningProbeGetTheLastResultInsteadOfWaiting() {
        let clock = ManualClock()
        let fake = FakeWrite()
        let probe = WriteProbe(clock: clock.clock) { try fake.run(blocks: true) }
        #expect(probe.check() == .writable)
        fake.fails.store(true, ordering: .relaxed)
        clock.advance(seconds: 2)
        Thread { _ = probe.check() }.start()
        while fake.writes < 2 { usleep(1_000) }
        #expect(probe.check() == .writable, "the running probe's caller waits, nobody else")
        #expect(fake.writes == 2)
        fake.release.signal()
        while probe.check() == .writable { usleep(1_000) }
        #expect(probe.check() == .failed("disk on fire"))
    }

    @Test func readyzIsReadyWhileWritesWorkAnd503WithTheReasonWhenTheyFail() throws {
        let clock = ManualClock()
        try withPortico(clock: clock.clock) { app, log in
            let ready = try TestClient(port: app.server.port).exchange("GET /readyz HTTP/1.1\r\nHost: localhost\r\n\r\n")
            #expect(ready.status == 200)
            #expect(ready.text == "ready\n")

            // The probe's own write starts failing, as on a full disk; within the second the last answer stands.
            try app.database.write { db in
                try db.execute("CREATE TRIGGER refuse_probe BEFORE INSERT ON health_probe BEGIN SELECT RAISE(ABORT, 'disk on fire'); END")
            }
            #expect(try TestClient(port: app.server.port).exchange("GET /readyz HTTP/1.1\r\nHost: localhost\r\n\r\n").status == 200)
            clock.advance(seconds: 1)
            let failing = try TestClient(port: app.server.port).exchange("GET /readyz HTTP/1.1\r\nHost: localhost\r\n\r\n")
            #expect(failing.status == 503)
            #expect(failing.text == "not ready: the database cannot be written: disk on fire\n")
            let healthz = try TestClient(port: app.server.port).exchange("GET /healthz HTTP/1.1\r\nHost: localhost\r\n\r\n")
            #expect(healthz.status == 200, "liveness is not readiness")
            #expect(
                log.entries.contains {
                    $0["message"] as? String == "database cannot be written" && $0["error"] as? String == "disk on fire"
                })

            try app.database.write { try $0.execute("DROP TRIGGER refuse_probe") }
            clock.advance(seconds: 1)
            #expect(try TestClient(port: app.server.port).exchange("GET /readyz HTTP/1.1\r\nHost: localhost\r\n\r\n").status == 200)
            #expect(log.entries.contains { $0["message"] as? String == "database writable again" })
        }
    }

    /// SQLite opens a database file it may not write read-only, without an error, and an up-to-date schema
    /// needs no write: so before the probe, this start logged "listening" and failed every sign-in.
    @Test func aReadOnlyDatabaseStopsTheStartNamingThePath() throws {
        let data = Checkout.temporaryDirectory("read-only")
        defer { try? FileManager.default.removeItem(atPath: data) }
        // Root writes whatever the mode says, so as root the server runs as nobody, in a directory nobody owns.
        var launcher: [String] = []
        if geteuid() == 0 {
            try FileManager.default.setAttributes([.ownerAccountID: 65_534, .groupOwnerAccountID: 65_534], ofItemAtPath: data)
            launcher = ["/usr/bin/setpriv", "--reuid=65534", "--regid=65534", "--clear-groups", "--"]
        }
        let admin = ["PORTICO_ADMIN_EMAIL": "root@example.com", "PORTICO_ADMIN_PASSWORD": "correct horse battery"]
        let first = try ServeProcess(dataDirectory: data, environment: admin, launcher: launcher)
        #expect(first.waitUntilListening() != nil, "\(first.log)")
        #expect(first.stop() == 0)

        try FileManager.default.setAttributes([.posixPermissions: 0o400], ofItemAtPath: data + "/portico.sqlite3")
        let again = try ServeProcess(dataDirectory: data, launcher: launcher)
        let status = again.waitForExit()
        if status == nil { again.kill() }
        #expect(status == 1, "\(again.log)")
        #expect(
            again.log.contains("portico: cannot start: cannot write \(data)/portico.sqlite3: attempt to write a readonly database"),
            "\(again.log)")
        #expect(!again.log.contains("listening"))
    }
}
