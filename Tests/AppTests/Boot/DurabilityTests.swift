import Foundation
import SQLite
import Storage
import TestSupport
import Testing

@testable import App

/// What is on disk after a clean stop, a quiet spell and a crash.
struct DurabilityTests {
    private func size(_ path: String) -> Int? {
        (try? FileManager.default.attributesOfItem(atPath: path))?[.size] as? Int
    }

    /// Users in the database file at `path` read on its own: copied without its `-wal`, as a backup of the
    /// file alone would be.
    private func usersInFileAlone(_ path: String) throws -> Int {
        let directory = Checkout.temporaryDirectory("file-alone")
        defer { try? FileManager.default.removeItem(atPath: directory) }
        try FileManager.default.copyItem(atPath: path, toPath: directory + "/copy.sqlite3")
        let copy = try Database(path: directory + "/copy.sqlite3")
        return try copy.read { db in
            let hasUsers: Bool = try db.scalar("SELECT EXISTS (SELECT 1 FROM sqlite_master WHERE name = 'users')")
            return hasUsers ? try db.scalar("SELECT count(*) FROM users") : 0
        }
    }

    @Test func aCleanStopLeavesEverythingInTheDatabaseFileAndTheWALEmpty() throws {
        let data = Checkout.temporaryDirectory("clean-stop")
        defer { try? FileManager.default.removeItem(atPath: data) }
        let server = try ServeProcess(
            dataDirectory: data,
            environment: ["PORTICO_ADMIN_EMAIL": "root@example.com", "PORTICO_ADMIN_PASSWORD": "correct horse battery"])
        #expect(server.waitUntilListening() != nil, "\(server.log)")
        #expect(server.stop() == 0)

        #expect((size(data + "/portico.sqlite3-wal") ?? 0) == 0)
        #expect(try usersInFileAlone(data + "/portico.sqlite3") == 1)
    }

    @Test func aQuietServerEmptiesItsWALAtTheSecondCheckpoint() throws {
        let data = Checkout.temporaryDirectory("quiet")
        defer { try? FileManager.default.removeItem(atPath: data) }
        try withPortico(dataDirectory: data) { app, _ in
            try app.apply(SignInTests.users)
            let wal = data + "/portico.sqlite3-wal"
            app.backgroundWriter.checkpoint()
            #expect((size(wal) ?? 0) > 0, "writes since the last checkpoint: copied, the WAL kept for the writer")
            #expect(try usersInFileAlone(data + "/portico.sqlite3") > 0)

            app.backgroundWriter.checkpoint()
            #expect(size(wal) == 0, "nothing written since: the WAL is emptied")

            try app.database.write { try HealthProbeStore($0).record(now: 1) }
            app.backgroundWriter.checkpoint()
            #expect((size(wal) ?? 0) > 0, "a write since: left alone")
        }
    }

    /// SIGKILL in the middle of a stream of writes, four times over, on one data directory: every write the
    /// server acknowledged is there after each restart, and SQLite finds the file sound.
    @Test func everyAcknowledgedWriteSurvivesSIGKILL() throws {
        let data = Checkout.temporaryDirectory("kill")
        defer { try? FileManager.default.removeItem(atPath: data) }
        var writes: AcknowledgedWrites?
        for round in 1...4 {
            let server = try ServeProcess(dataDirectory: data, environment: AcknowledgedWrites.firstAdmin)
            let port = try #require(server.waitUntilListening(), "round \(round): \(server.log)")
            if let writes { try writes.signIn(port: port) } else { writes = try AcknowledgedWrites(port: port) }
            let writer = try #require(writes)
            try writer.createGroup()

            let pid = server.process.processIdentifier
            let delay = UInt32.random(in: 150_000...350_000)
            Thread {
                usleep(delay)
                kill(pid, SIGKILL)
            }.start()
            // Until the kill cuts a request off.
            while (try? writer.createGroup()) != nil {}
            server.process.waitUntilExit()
            #expect(server.process.terminationReason == .uncaughtSignal)
        }

        // A last start recovers from the WAL the last kill left, and a clean stop checkpoints it.
        let last = try ServeProcess(dataDirectory: data)
        #expect(last.waitUntilListening() != nil, "\(last.log)")
        #expect(last.stop() == 0)
        #expect(try Database.integrityCheck(path: data + "/portico.sqlite3") == ["ok"])
        let groups: Set<String> = try Database(path: data + "/portico.sqlite3").read { db in
            Set(try db.query("SELECT name FROM groups").map { try $0[0] })
        }
        let acknowledged = try #require(writes).acknowledged
        #expect(acknowledged.count > 4)
        #expect(acknowledged.allSatisfy(groups.contains), "lost: \(acknowledged.filter { !groups.contains($0) })")
    }
}
