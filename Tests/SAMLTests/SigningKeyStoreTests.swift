import Crypto
import Foundation
import SAML
import Synchronization
import Testing
import Time

/// The signing keys under `<data dir>/saml`: first start, permissions, reload, and the rotation steps.
final class SigningKeyStoreTests {
    let dataDirectory: String
    let store: SigningKeyStore
    static let now: Int64 = 1_795_000_000  // 2026-11-18

    init() throws {
        dataDirectory = FileManager.default.temporaryDirectory.appendingPathComponent("portico-keys-\(UUID().uuidString)").path
        try FileManager.default.createDirectory(atPath: dataDirectory, withIntermediateDirectories: true)
        // Hands out the shared test keys in turn instead of generating RSA-3072 keys per test.
        let pool = [TestCredentials.portico, TestCredentials.stranger, TestCredentials.third]
        let next = Mutex(0)
        store = SigningKeyStore(dataDirectory: dataDirectory) { _ in
            next.withLock { index in
                defer { index += 1 }
                return pool[index % pool.count]
            }
        }
    }

    deinit {
        try? FileManager.default.removeItem(atPath: dataDirectory)
    }

    private func mode(_ path: String) throws -> Int {
        (try FileManager.default.attributesOfItem(atPath: path)[.posixPermissions] as? NSNumber)?.intValue ?? -1
    }

    private func chmod(_ path: String, _ mode: Int) throws {
        try FileManager.default.setAttributes([.posixPermissions: mode], ofItemAtPath: path)
    }

    @Test func firstStartCreatesOneActiveKeyInOwnerOnlyFiles() throws {
        var recorded: [SigningKey] = []
        let (keys, created) = try store.loadOrCreate(now: Self.now) { recorded.append($0) }
        #expect(created)
        #expect(recorded.map(\.id) == [keys.active.id])
        #expect(keys.keys.count == 1 && keys.active.state == .active && keys.pending == nil)
        #expect(keys.signingCredentials == TestCredentials.portico)
        #expect(keys.publishedCertificates == [TestCredentials.portico.certificate])
        #expect(keys.active.id.hasPrefix("20261118-"))
        #expect(SigningKey.isWellFormedID(keys.active.id))

        #expect(try mode(store.directory) == 0o700)
        for path in [store.privateKeyPath(keys.active.id), store.certificatePath(keys.active.id), store.statePath] {
            #expect(try mode(path) == 0o600, "\(path)")
        }
        #expect(try String(contentsOfFile: store.privateKeyPath(keys.active.id), encoding: .utf8).hasPrefix("-----BEGIN PRIVATE KEY-----"))
        #expect(try String(contentsOfFile: store.statePath, encoding: .utf8).contains("\n\(keys.active.id) active\n"))
    }

    @Test func laterStartsLoadTheSameKey() throws {
        let first = try store.loadOrCreate(now: Self.now).keys
        let (again, created) = try store.loadOrCreate(now: Self.now + 86_400)
        #expect(!created)
        #expect(again == first)
        #expect(try store.load() == first)
    }

    @Test func aFailedRecordCreatesNothing() throws {
        struct AuditFailed: Error {}
        #expect(throws: AuditFailed.self) { try store.loadOrCreate(now: Self.now) { _ in throw AuditFailed() } }
        #expect(!FileManager.default.fileExists(atPath: store.statePath))
        #expect(try store.loadOrCreate(now: Self.now).created)
    }

    @Test func refusesAKeyReadableByOthersNamingTheFile() throws {
        let keys = try store.loadOrCreate(now: Self.now).keys
        let path = store.privateKeyPath(keys.active.id)
        try chmod(path, 0o644)
        #expect(throws: SigningKeyStoreError.permissions(path: path, mode: 0o644, expected: 0o600)) { try store.load() }
        let message = "\(SigningKeyStoreError.permissions(path: path, mode: 0o644, expected: 0o600))"
        #expect(message == "\(path) has mode 0644; it must be 0600 (owner only): chmod 0600 \(path)")

        try chmod(path, 0o600)
        try chmod(store.directory, 0o755)
        #expect(throws: SigningKeyStoreError.permissions(path: store.directory, mode: 0o755, expected: 0o700)) { try store.load() }
    }

    /// Owner-only mode bits on a file of another user are not privacy: that user can read or replace it.
    /// Changing a file's owner takes root, so this runs where the tests run as root (CI, this machine).
    @Test(.enabled(if: geteuid() == 0)) func refusesKeysOwnedByAnotherUser() throws {
        let keys = try store.loadOrCreate(now: Self.now).keys
        let path = store.privateKeyPath(keys.active.id)
        try FileManager.default.setAttributes([.ownerAccountID: 4242], ofItemAtPath: path)
        #expect(
            throws: SigningKeyStoreError.io(
                path: path, reason: "belongs to user id 4242, not to the user Portico runs as (0); chown it")
        ) { try store.load() }

        try FileManager.default.setAttributes([.ownerAccountID: 0], ofItemAtPath: path)
        #expect(try store.load() == keys)
        try FileManager.default.setAttributes([.ownerAccountID: 4242], ofItemAtPath: store.directory)
        #expect(throws: SigningKeyStoreError.self) { try store.load() }
    }

    /// A key file or key directory that is a symbolic link is refused, even when it points at an owner-only
    /// copy of the right key: whoever can place the link chooses which key signs.
    @Test func refusesSymbolicLinksForKeysAndTheirDirectory() throws {
        let keys = try store.loadOrCreate(now: Self.now).keys
        let path = store.privateKeyPath(keys.active.id)
        let elsewhere = dataDirectory + "/elsewhere.key"
        try FileManager.default.moveItem(atPath: path, toPath: elsewhere)
        try FileManager.default.createSymbolicLink(atPath: path, withDestinationPath: elsewhere)
        #expect(throws: SigningKeyStoreError.self) { try store.load() }

        try FileManager.default.removeItem(atPath: path)
        try FileManager.default.moveItem(atPath: elsewhere, toPath: path)
        #expect(try store.load() == keys)
        let moved = dataDirectory + "/saml-elsewhere"
        try FileManager.default.moveItem(atPath: store.directory, toPath: moved)
        try FileManager.default.createSymbolicLink(atPath: store.directory, withDestinationPath: moved)
        #expect(throws: SigningKeyStoreError.io(path: store.directory, reason: "exists but is not a directory")) { try store.load() }
    }

    @Test func refusesACertificateOfAnotherKey() throws {
        let keys = try store.loadOrCreate(now: Self.now).keys
        let certificatePath = store.certificatePath(keys.active.id)
        try FileManager.default.removeItem(atPath: certificatePath)
        try TestCredentials.stranger.certificatePEM.write(toFile: certificatePath, atomically: false, encoding: .utf8)
        try chmod(certificatePath, 0o600)
        #expect {
            try store.load()
        } throws: { error in
            guard case .unusable(let path, let reason) = error as? SigningKeyStoreError else { return false }
            return path == certificatePath && reason.contains("is not the certificate of \(store.privateKeyPath(keys.active.id))")
        }
    }

    @Test func refusesACorruptKeyOrStateFile() throws {
        let keys = try store.loadOrCreate(now: Self.now).keys
        let keyPath = store.privateKeyPath(keys.active.id)
        let original = try String(contentsOfFile: keyPath, encoding: .utf8)
        try "-----BEGIN PRIVATE KEY-----\ngarbage\n-----END PRIVATE KEY-----\n".write(toFile: keyPath, atomically: false, encoding: .utf8)
        #expect(throws: SigningKeyStoreError.unusable(path: keyPath, reason: "is not a readable RSA private key in PEM")) {
            try store.load()
        }
        try original.write(toFile: keyPath, atomically: false, encoding: .utf8)

        try "\(keys.active.id) signing\n".write(toFile: store.statePath, atomically: false, encoding: .utf8)
        #expect(
            throws: SigningKeyStoreError.invalidState(
                path: store.statePath, reason: "line 1 must be a key id and one of active, pending, previous, retired")
        ) { try store.load() }
        try "# nothing\n".write(toFile: store.statePath, atomically: false, encoding: .utf8)
        #expect(throws: SigningKeyStoreError.invalidState(path: store.statePath, reason: "must name exactly one active key, it names 0")) {
            try store.load()
        }
    }

    @Test func refusesToStartAfreshWhenTheStateFileIsLostButKeysRemain() throws {
        let keys = try store.loadOrCreate(now: Self.now).keys
        try FileManager.default.removeItem(atPath: store.statePath)
        #expect {
            try store.loadOrCreate(now: Self.now)
        } throws: { error in
            guard case .invalidState(_, let reason) = error as? SigningKeyStoreError else { return false }
            return reason.contains("\(keys.active.id).key exists")
        }
    }

    @Test func rotateActivateRetire() throws {
        let first = try store.loadOrCreate(now: Self.now).keys.active

        // Rotate: a pending key is published beside the active one, which still signs.
        var events: [String] = []
        let pending = try store.rotate(now: Self.now + 100) { events.append("rotate \($0.id) \($0.state)") }
        #expect(pending.state == .pending && pending.id != first.id)
        var keys = try store.load()
        #expect(keys.signingCredentials == TestCredentials.portico)
        #expect(keys.publishedCertificates == [TestCredentials.portico.certificate, TestCredentials.stranger.certificate])
        #expect(try mode(store.privateKeyPath(pending.id)) == 0o600)
        #expect(throws: SigningKeyStoreError.self) { try store.rotate(now: Self.now + 200) }
        #expect(throws: SigningKeyStoreError.self) { try store.retire() }

        // Activate: the new key signs, the old one stays published.
        let (activated, previous) = try store.activate { activated, previous in
            events.append("activate \(activated.id) \(previous.id) \(previous.state)")
        }
        #expect(activated.id == pending.id && previous.id == first.id)
        keys = try store.load()
        #expect(keys.active.id == pending.id)
        #expect(keys.signingCredentials == TestCredentials.stranger)
        #expect(keys.publishedCertificates == [TestCredentials.stranger.certificate, TestCredentials.portico.certificate])
        #expect(throws: SigningKeyStoreError.refused("no key is pending: make one with `portico keys rotate` first")) {
            try store.activate()
        }

        // Retire: the old certificate leaves the metadata and its private key is deleted.
        let retired = try store.retire { events.append("retire \($0.map(\.id))") }
        #expect(retired.map(\.id) == [first.id])
        keys = try store.load()
        #expect(keys.publishedCertificates == [TestCredentials.stranger.certificate])
        #expect(keys.keys.map(\.state) == [.retired, .active])
        #expect(!FileManager.default.fileExists(atPath: store.privateKeyPath(first.id)))
        #expect(FileManager.default.fileExists(atPath: store.certificatePath(first.id)))
        #expect(throws: SigningKeyStoreError.refused("no previous key to retire: only the active key is published")) {
            try store.retire()
        }

        #expect(
            events == [
                "rotate \(pending.id) pending", "activate \(pending.id) \(first.id) previous", "retire [\"\(first.id)\"]",
            ])
    }

    @Test func aRotationThatCannotBeRecordedLeavesNoKeyBehind() throws {
        struct AuditFailed: Error {}
        _ = try store.loadOrCreate(now: Self.now)
        let before = try FileManager.default.contentsOfDirectory(atPath: store.directory).sorted()
        #expect(throws: AuditFailed.self) { try store.rotate(now: Self.now) { _ in throw AuditFailed() } }
        #expect(try FileManager.default.contentsOfDirectory(atPath: store.directory).sorted() == before)
        #expect(try store.load().pending == nil)
    }

    @Test func theKeyringNoticesChangesFromAnotherProcessWithinASecond() throws {
        let keys = try store.loadOrCreate(now: Self.now).keys
        var reported: [SigningKeyStoreError] = []
        let failures = Mutex<[SigningKeyStoreError]>([])
        let clock = ManualClock()
        let keyring = SigningKeyring(store: store, keys: keys, clock: clock.clock) { error in failures.withLock { $0.append(error) } }
        #expect(keyring.current().keys == keys)

        // Another store value stands in for `portico keys` in another process.
        let cli = SigningKeyStore(dataDirectory: dataDirectory) { _ in TestCredentials.third }
        _ = try cli.rotate(now: Self.now)
        _ = try cli.activate()
        #expect(keyring.current().keys.signingCredentials == TestCredentials.portico, "checked at most once a second")
        clock.advance(seconds: 1)
        let current = keyring.current()
        #expect(current.keys.signingCredentials == TestCredentials.third)
        #expect(current.keys.publishedCertificates.count == 2)

        // A broken change is reported once and the server keeps signing with what it has.
        try "garbage\n".write(toFile: store.statePath + ".tmp", atomically: false, encoding: .utf8)
        try chmod(store.statePath + ".tmp", 0o600)
        _ = rename(store.statePath + ".tmp", store.statePath)
        clock.advance(seconds: 1)
        #expect(keyring.current().keys.signingCredentials == TestCredentials.third)
        clock.advance(seconds: 1)
        _ = keyring.current()
        reported = failures.withLock { $0 }
        #expect(reported.count == 1)
    }

    @Test func aClockSetBackDoesNotStopTheKeyringLooking() throws {
        let keys = try store.loadOrCreate(now: Self.now).keys
        let clock = ManualClock(epochSeconds: 2_000_000_000)
        let keyring = SigningKeyring(store: store, keys: keys, clock: clock.clock)
        let cli = SigningKeyStore(dataDirectory: dataDirectory) { _ in TestCredentials.third }
        _ = try cli.rotate(now: Self.now)
        _ = try cli.activate()
        clock.set(Timestamp(seconds: 1_000_000_000))
        #expect(keyring.current().keys.signingCredentials == TestCredentials.third, "a step back is time passing, not a pause")
    }
}
