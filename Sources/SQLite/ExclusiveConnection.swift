/// A connection on its way between threads, owned by exactly one holder at a time.
///
/// `Connection` is not `Sendable`, so the compiler stops user code from leaking one out of a
/// `read`/`write` closure into another task. `Database` still has to keep connections between calls
/// and lend them to whichever thread asks next; this wrapper is the one place that asserts it is safe:
/// the writer is only touched under its mutex, and a reader is either in the pool's idle stack or
/// checked out by one caller, never both.
struct ExclusiveConnection: @unchecked Sendable {
    let connection: Connection
}
