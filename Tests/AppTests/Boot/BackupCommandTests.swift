import Foundation
import SQLite
import TestSupport
import Testing

/// `portico backup` beside a running, writing `portico serve`.
struct BackupCommandTests {
    @Test func aBackupDuringWritesHoldsEveryEarlierWriteAndPassesTheIntegrityCheck() throws {
        let data = Checkout.temporaryDirectory("backup")
        let destinations = Checkout.temporaryDirectory("backup-copies")
        defer {
            try? FileManager.default.removeItem(atPath: data)
            try? FileManager.default.removeItem(atPath: destinations)
        }
        let server = try ServeProcess(dataDirectory: data, environment: AcknowledgedWrites.firstAdmin)
        let port = try #require(server.waitUntilListening(), "\(server.log)")
        let writes = try AcknowledgedWrites(port: port)
        for _ in 0..<20 { try writes.createGroup() }
        let acknowledgedBefore = writes.acknowledged

        let copy = destinations + "/portico-backup.sqlite3"
        let backup = Process()
        backup.executableURL = URL(fileURLWithPath: Checkout.porticoBinary)
        backup.arguments = ["backup", "--data-dir", data, copy]
        let output = Pipe()
        backup.standardOutput = output
        backup.standardError = output
        try backup.run()
        // The server keeps taking writes while the copy is made.
        while backup.isRunning { try writes.createGroup() }
        let printed = String(decoding: output.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        #expect(backup.terminationStatus == 0, "\(printed)")
        #expect(printed.contains("integrity_check ok"))
        #expect(printed.contains("secret.key"))
        #expect(server.stop() == 0)

        let attributes = try FileManager.default.attributesOfItem(atPath: copy)
        #expect(attributes[.posixPermissions] as? Int == 0o600)
        #expect(try Database.integrityCheck(path: copy) == ["ok"])
        let groups: Set<String> = try Database(path: copy).read { db in
            Set(try db.query("SELECT name FROM groups").map { try $0[0] })
        }
        #expect(acknowledgedBefore.allSatisfy(groups.contains), "missing: \(acknowledgedBefore.filter { !groups.contains($0) })")

        // Never over an existing file, not even an older backup.
        let before = try Data(contentsOf: URL(fileURLWithPath: copy))
        let again = try runPortico(["backup", "--data-dir", data, copy])
        #expect(again.status == 2)
        #expect(again.errors.contains("\(copy) already exists"))
        #expect(try Data(contentsOf: URL(fileURLWithPath: copy)) == before)
    }

    @Test func withoutADatabaseNothingIsCreated() throws {
        let data = Checkout.temporaryDirectory("backup-none")
        defer { try? FileManager.default.removeItem(atPath: data) }
        let missing = try runPortico(["backup", "--data-dir", data + "/absent", data + "/copy.sqlite3"])
        #expect(missing.status == 2)
        #expect(missing.errors.contains("no database in \(data)/absent"))
        #expect(!FileManager.default.fileExists(atPath: data + "/absent"))
        #expect(!FileManager.default.fileExists(atPath: data + "/copy.sqlite3"))
    }
}
