import Synchronization
import Time

/// The signing keys a running server uses, re-read when `portico keys` changes them from another process.
///
/// `current()` looks at the state file's `stat` at most once a second of `clock`, so a launch or a metadata
/// request usually costs a clock read, and a rotation shows up within a second without a restart (SPEC §7 lets
/// `apply`, and so `keys`, run beside `serve`). When the new state cannot be loaded the server keeps
/// signing with the keys it has, reports the reason once, and tries again when the file changes again.
package final class SigningKeyring: Sendable {
    /// Nanoseconds between looks at the state file.
    package static let checkInterval = 1_000_000_000

    /// The keys and a signer for the active one, as of one load.
    package struct Snapshot: Sendable {
        package let keys: SigningKeySet
        package let signer: XMLSigner

        init(_ keys: SigningKeySet) {
            self.keys = keys
            signer = XMLSigner(credentials: keys.signingCredentials)
        }
    }

    private struct State {
        var snapshot: Snapshot
        var stamp: SigningKeyStore.Stamp?
        var checkedAt: Timestamp
    }

    private let store: SigningKeyStore
    private let clock: WallClock
    private let state: Mutex<State>
    private let reloadFailed: @Sendable (SigningKeyStoreError) -> Void

    /// - Parameters:
    ///   - keys: what the store held at boot.
    ///   - reloadFailed: told once per failed change; the server logs it.
    package init(
        store: SigningKeyStore, keys: SigningKeySet, clock: WallClock,
        reloadFailed: @escaping @Sendable (SigningKeyStoreError) -> Void = { _ in }
    ) {
        self.store = store
        self.clock = clock
        self.reloadFailed = reloadFailed
        state = Mutex(State(snapshot: Snapshot(keys), stamp: store.stamp(), checkedAt: clock.now()))
    }

    /// The keys to sign and publish with now.
    package func current() -> Snapshot {
        let now = clock.now()
        return state.withLock { state in
            // A clock set back counts as time passing, so a step back cannot stop the checks for its length.
            let elapsed = (now.seconds - state.checkedAt.seconds) * 1_000_000_000 + (now.nanoseconds - state.checkedAt.nanoseconds)
            guard elapsed >= Self.checkInterval || elapsed < 0 else { return state.snapshot }
            state.checkedAt = now
            let stamp = store.stamp()
            guard stamp != state.stamp else { return state.snapshot }
            // Remembered whether or not the load works, so a broken file is reported once, not every second.
            state.stamp = stamp
            do throws(SigningKeyStoreError) {
                state.snapshot = Snapshot(try store.load())
            } catch {
                reloadFailed(error)
            }
            return state.snapshot
        }
    }
}
