import App
import Foundation
import SQLite
import Storage
import TestSupport
import Testing

/// SIGTERM while the background prune works through a large backlog of ended sessions: the server stops
/// between two batches and exits well within the 10 s the README promises.
struct PruneStopTests {
    static let backlog = 400_000

    @Test func sigtermDuringAPruneOfALargeBacklogExitsPromptly() throws {
        let data = Checkout.temporaryDirectory("prune")
        defer { try? FileManager.default.removeItem(atPath: data) }
        try withPortico(dataDirectory: data) { app, _ in
            try app.apply(SignInTests.users)
            let alice = try app.userID("alice@example.com")
            try app.database.write { db in
                // Sessions that expired two days ago: all of them prunable.
                try db.execute(
                    """
                    WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < ?1)
                    INSERT INTO portal_sessions (token_hash, user_id, created_at, expires_at, last_seen_at, auth_method)
                    SELECT printf('%064x', i), ?2, ?3, ?3 + 60, ?3, 'password' FROM n
                    """,
                    [Self.backlog, alice, Int(Date().timeIntervalSince1970) - 2 * 86_400])
            }
        }
        let sessions = { () throws -> Int in
            try Database(path: data + "/portico.sqlite3").read { try $0.scalar("SELECT count(*) FROM portal_sessions") }
        }
        let server = try ServeProcess(dataDirectory: data)
        #expect(server.waitUntilListening() != nil, "\(server.log)")
        let backlog = try sessions()
        #expect(backlog > Self.backlog / 2)
        // The first prune starts shortly after the start; stop the server once it is under way.
        let deadline = Date().addingTimeInterval(20)
        while try sessions() >= backlog, Date() < deadline { usleep(20_000) }
        #expect(try sessions() < backlog, "the prune never started")

        let signalled = Date()
        server.process.terminate()
        let status = server.waitForExit(timeout: 10)
        #expect(status == 0, "still running 10 s after SIGTERM")
        #expect(Date().timeIntervalSince(signalled) < 10)
        if try sessions() > 0 {
            #expect(server.log.contains(#""message":"session prune stopped""#), "\(server.log)")
        }
    }
}
