import SQLite

extension Schema {
    /// The row the write probe changes: at most one, with a counter every probe moves and when the last ran.
    static let healthProbeSchema = """
        CREATE TABLE health_probe (
            id INTEGER PRIMARY KEY CHECK (id = 1),
            probes INTEGER NOT NULL CHECK (probes >= 0),
            probed_at INTEGER NOT NULL
        ) STRICT;
        """
}
