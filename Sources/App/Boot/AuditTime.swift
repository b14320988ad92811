import Time

/// Audit event timestamps: UTC, ISO-8601 with milliseconds, so that text order is time order.
enum AuditTime {
    static func now() -> String {
        WallClock.system.now().iso8601Milliseconds
    }
}
