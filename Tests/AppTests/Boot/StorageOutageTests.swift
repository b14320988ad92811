import App
import Foundation
import SQLite
import Storage
import Synchronization
import TestSupport
import Testing

/// When the database cannot take a write (its lock is held elsewhere, the disk is full) a request gets a
/// 503 page that says so, with `Retry-After`, never a 500; requests that only read go on being served.
struct StorageOutageTests {
    /// Holds the write lock from another connection, as a running `portico apply` does, until released.
    final class LockHolder: Sendable {
        private let holding = Mutex(true)
        private let done = Atomic<Bool>(false)
        private let acquired = Atomic<Bool>(false)

        init(path: String) throws {
            let other = try Database(path: path)
            Thread.detachNewThread { [self] in
                try? other.write { _ in
                    acquired.store(true, ordering: .releasing)
                    while holding.withLock({ $0 }) { usleep(5_000) }
                }
                done.store(true, ordering: .releasing)
            }
            while !acquired.load(ordering: .acquiring) { usleep(1_000) }
        }

        func release() {
            holding.withLock { $0 = false }
            while !done.load(ordering: .acquiring) { usleep(1_000) }
        }
    }

    @Test func aWriteBehindAHeldLockGetsTheBusyPageWhileReadsGoOn() throws {
        try withPortico { app, log in
            try app.apply(SignInTests.users)
            let signedIn = try DirectoryPages.signedIn(app, "alice@example.com", "alice-password-1")
            let visitor = Browser(port: app.server.port)
            let csrf = try #require(Browser.csrf(in: try visitor.get("/login").text))

            let holder = try LockHolder(path: app.database.path)
            let busy = try visitor.post(
                "/login", [("csrf", csrf), ("email", "alice@example.com"), ("password", "alice-password-1"), ("return_to", "")])
            #expect(busy.status == 503)
            #expect(busy.header("Retry-After") == "5")
            #expect(busy.text.contains("The portal is busy saving a large change right now. Nothing was lost"))
            // Pages that only read are served all along.
            #expect(try signedIn.get("/me/sessions").status == 200)
            #expect(try visitor.get("/login").status == 200)
            holder.release()

            let after = try visitor.post(
                "/login", [("csrf", csrf), ("email", "alice@example.com"), ("password", "alice-password-1"), ("return_to", "")])
            #expect(after.status == 303)
            let failure = try #require(log.entries.first { $0["message"] as? String == "request failed" })
            #expect(failure["status"] as? String == "503")
            #expect(
                (failure["error"] as? String)?.contains("busy") == true || (failure["error"] as? String)?.contains("locked") == true,
                "\(failure)")
            #expect(!log.entries.contains { $0["message"] as? String == "unhandled error" })
        }
    }

    /// SQLite's own page limit stands in for a full disk: the write fails with `SQLITE_FULL`, as on a
    /// full file system, through the same code path.
    @Test func aFullDiskGivesTheStoragePageAndALogLineWithTheCause() throws {
        try withPortico { app, log in
            try app.apply(SignInTests.users)
            try app.database.write { db in
                let pages: Int = try db.scalar("PRAGMA page_count")
                _ = try db.query("PRAGMA max_page_count = \(pages)")
            }
            var statuses: [Int] = []
            var full: String?
            for _ in 0..<400 where full == nil {
                let response = try Browser(port: app.server.port).signIn("alice@example.com", "alice-password-1")
                statuses.append(response.status)
                if response.status == 503 { full = response.text }
            }
            #expect(!statuses.contains(500), "\(statuses)")
            let page = try #require(full, "the page limit was never reached: \(statuses.count) sign-ins")
            #expect(page.contains("storage is full, so nothing could be saved"))
            let failure = try #require(log.entries.first { $0["message"] as? String == "request failed" })
            #expect((failure["error"] as? String)?.contains("full") == true, "\(failure)")
        }
    }
}
