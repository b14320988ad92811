import Foundation
import SQLite
import Synchronization
import Testing

/// A write waits for the lock only as long as its patience: then it fails as busy instead of queueing
/// for as long as another process holds the lock, and writers beyond the patient ones give up sooner, so a
/// stalled lock never ties up every thread that could serve a read.
struct WritePatienceTests {
    private let directory: TemporaryDirectory

    init() throws {
        directory = try TemporaryDirectory()
        _ = try Database(path: directory.databasePath()).write { db in try db.execute("CREATE TABLE items (name TEXT)") }
    }

    /// Holds the write lock from another connection (as another process would) until `release`.
    private func holdLock() throws -> (release: @Sendable () -> Void, isHeld: @Sendable () -> Bool) {
        let other = try Database(path: directory.databasePath())
        let state = Mutex((acquired: false, holding: true, done: false))
        Thread.detachNewThread {
            try? other.write { _ in
                state.withLock { $0.acquired = true }
                while state.withLock({ $0.holding }) { usleep(2_000) }
            }
            state.withLock { $0.done = true }
        }
        while !state.withLock({ $0.acquired }) { usleep(1_000) }
        return (
            {
                state.withLock { $0.holding = false }; while !state.withLock({ $0.done }) { usleep(1_000) }
            },
            { state.withLock { $0.holding } }
        )
    }

    @Test func aWriteFailsAsBusyOnceItsPatienceIsSpentAndWorksWhenTheLockIsFree() throws {
        let database = try Database(path: directory.databasePath(), writePatience: .init(wait: .milliseconds(200)))
        let lock = try holdLock()
        #expect {
            try database.write { db in try db.execute("INSERT INTO items VALUES ('refused')") }
        } throws: { error in
            (error as? SQLiteError)?.isBusy == true
        }
        #expect(lock.isHeld(), "it gave up while the other connection still held the lock")
        lock.release()
        try database.write { db in try db.execute("INSERT INTO items VALUES ('later')") }
        #expect(try database.read { db in try db.scalar("SELECT group_concat(name) FROM items") as String } == "later")
    }

    @Test func writersBeyondThePatientOnesGiveUpFirst() throws {
        let database = try Database(
            path: directory.databasePath(),
            writePatience: .init(wait: .seconds(30), patientWriters: 1, briefWait: .milliseconds(100)))
        let lock = try holdLock()
        let patient = Mutex<Result<Void, any Error>?>(nil)
        Thread.detachNewThread {
            let result = Result { try database.write { db in try db.execute("INSERT INTO items VALUES ('patient')") } }
            patient.withLock { $0 = result }
        }
        usleep(50_000)  // The patient writer is waiting for the lock now.
        #expect {
            try database.write { db in try db.execute("INSERT INTO items VALUES ('impatient')") }
        } throws: { error in
            (error as? SQLiteError)?.isBusy == true
        }
        #expect(patient.withLock { $0 } == nil, "the first writer is still waiting")
        lock.release()
        while patient.withLock({ $0 }) == nil { usleep(1_000) }
        #expect(throws: Never.self) { try patient.withLock { $0 }!.get() }
        #expect(try database.read { db in try db.scalar("SELECT group_concat(name) FROM items") as String } == "patient")
    }
}
