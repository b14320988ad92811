import SQLite

/// The write that proves the database takes writes: one committed change to `health_probe`.
///
/// The counter is what makes it a real write. SQLite leaves a page alone when an `UPDATE` does not change
/// its bytes, so storing the same value again would succeed even on a read-only file; and the upsert
/// writes whether or not the row exists yet.
package struct HealthProbeStore {
    private let db: Connection

    package init(_ db: Connection) {
        self.db = db
    }

    /// Counts one more probe at `now`; fails as any write to the database would.
    package func record(now: Int) throws {
        try db.execute(
            """
            INSERT INTO health_probe (id, probes, probed_at) VALUES (1, 1, ?1)
            ON CONFLICT (id) DO UPDATE SET probes = health_probe.probes + 1, probed_at = ?1
            """, [now])
    }

    /// How many probes have been recorded and when the last one ran; nil before the first.
    package func last() throws -> (probes: Int, probedAt: Int)? {
        guard let row = try db.queryOne("SELECT probes, probed_at FROM health_probe WHERE id = 1") else { return nil }
        return (try row[0], try row[1])
    }
}
