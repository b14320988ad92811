import Crypto
import Glibc

/// Portico's SAML signing keys as files under `<data dir>/saml/`, and their rotation.
///
/// Each key is `<id>.key` (PKCS#8 PEM) and `<id>.crt` (its self-signed certificate); the small text file
/// `keys` lists every id with its state (`SigningKey.State`). The state lives beside the keys rather
/// than in the database's `settings` table so that the directory alone says which key signs: a
/// database restored from an older backup cannot point at a key that no longer exists, and the change
/// of signing key is one atomic rename that a running server notices by `stat`ing one file.
///
/// Everything is owner-only (files 0600, directory 0700), and loading refuses anything else, naming
/// the file. Changes take an exclusive `flock` on `saml/lock`; readers need none, because the state file
/// is only ever replaced whole and key files are written before the state names them and deleted after
/// it stops naming them. Each change runs a `record` step (the audit event) before its rename, so a
/// change that cannot be recorded does not happen.
package struct SigningKeyStore: Sendable {
    package static let directoryName = "saml"
    package static let stateFileName = "keys"
    /// Makes the key and certificate for a new key; tests pass a fixed one, since RSA-3072 takes a while.
    package typealias Generator = @Sendable (_ now: Int64) throws -> SigningCredentials

    /// `<data dir>/saml`.
    package let directory: String
    private let generate: Generator

    package init(dataDirectory: String, generate: @escaping Generator = { try SigningCredentials.generate(now: $0) }) {
        directory = dataDirectory + "/" + Self.directoryName
        self.generate = generate
    }

    package var statePath: String { directory + "/" + Self.stateFileName }
    package func privateKeyPath(_ id: String) -> String { directory + "/" + id + ".key" }
    package func certificatePath(_ id: String) -> String { directory + "/" + id + ".crt" }
    private var lockPath: String { directory + "/lock" }

    /// What the state file looks like now, to notice a change by another process; nil when it is missing.
    package func stamp() -> Stamp? {
        KeyFiles.stamp(statePath)
    }

    /// What a file looked like, to notice a change made by another process without reading it.
    package struct Stamp: Hashable, Sendable {
        var inode: UInt64
        var size: Int64
        var modifiedSeconds: Int64
        var modifiedNanoseconds: Int64
    }

    // MARK: Loading

    /// The keys, creating the first one when the directory holds none: what `portico serve` does at boot.
    ///
    /// `record` runs with the new key before the state file names it (the caller audits there).
    /// Returns whether a key was created.
    @discardableResult
    package func loadOrCreate(now: Int64, record: (SigningKey) throws -> Void = { _ in }) throws -> (keys: SigningKeySet, created: Bool) {
        try KeyFiles.ensurePrivateDirectory(directory)
        if KeyFiles.exists(statePath) { return (try load(), false) }
        return try KeyFiles.withLock(lockPath) {
            // Another process may have made the first key while this one waited for the lock.
            if KeyFiles.exists(statePath) { return (try load(), false) }
            if let stray = try KeyFiles.entries(directory).first(where: { $0.hasSuffix(".key") }) {
                throw SigningKeyStoreError.invalidState(
                    path: statePath, reason: "is missing although \(directory)/\(stray) exists; restore it from a backup")
            }
            let key = try makeKey(state: .active, now: now)
            do {
                try record(key)
                try writeState([key])
            } catch {
                removeFiles(of: key)
                throw error
            }
            return (try load(), true)
        }
    }

    /// The keys as the state file lists them, each key checked against its certificate.
    package func load() throws(SigningKeyStoreError) -> SigningKeySet {
        try KeyFiles.ensurePrivateDirectory(directory)
        let text = try KeyFiles.readPrivate(statePath)
        var keys: [SigningKey] = []
        for (number, line) in text.split(separator: "\n", omittingEmptySubsequences: false).enumerated() {
            let trimmed = line.drop { $0 == " " }
            if trimmed.isEmpty || trimmed.hasPrefix("#") { continue }
            let fields = trimmed.split(separator: " ")
            guard fields.count == 2, SigningKey.isWellFormedID(String(fields[0])), let state = SigningKey.State(rawValue: String(fields[1]))
            else {
                throw .invalidState(
                    path: statePath, reason: "line \(number + 1) must be a key id and one of active, pending, previous, retired")
            }
            let id = String(fields[0])
            guard !keys.contains(where: { $0.id == id }) else {
                throw .invalidState(path: statePath, reason: "line \(number + 1) lists \(id) a second time")
            }
            if state == .retired {
                // A retired key's certificate is kept for the record only; its loss harms nothing.
                guard KeyFiles.exists(certificatePath(id)) else { continue }
                keys.append(SigningKey(id: id, state: state, certificate: try readCertificate(id), credentials: nil))
            } else {
                let credentials = try readCredentials(id)
                keys.append(SigningKey(id: id, state: state, certificate: credentials.certificate, credentials: credentials))
            }
        }
        return try SigningKeySet(keys: keys, statePath: statePath)
    }

    // MARK: Rotation

    /// Adds a new key as pending: published in the metadata from now on, not yet signing.
    package func rotate(now: Int64, record: (SigningKey) throws -> Void = { _ in }) throws -> SigningKey {
        try KeyFiles.withLock(lockPath) {
            let current = try load()
            if let pending = current.pending {
                throw SigningKeyStoreError.refused(
                    "key \(pending.id) is already pending: activate it with `portico keys activate` before rotating again")
            }
            let key = try makeKey(state: .pending, now: now)
            do {
                try record(key)
                try writeState(current.keys + [key])
            } catch {
                removeFiles(of: key)
                throw error
            }
            return key
        }
    }

    /// Makes the pending key sign; the key that signed until now stays published as `previous`.
    package func activate(record: (_ activated: SigningKey, _ previous: SigningKey) throws -> Void = { _, _ in }) throws
        -> (activated: SigningKey, previous: SigningKey)
    {
        try KeyFiles.withLock(lockPath) {
            let current = try load()
            guard var activated = current.pending else {
                throw SigningKeyStoreError.refused("no key is pending: make one with `portico keys rotate` first")
            }
            var previous = current.active
            activated.state = .active
            previous.state = .previous
            try record(activated, previous)
            try writeState(
                current.keys.map { key in
                    key.id == activated.id ? activated : key.id == previous.id ? previous : key
                })
            return (activated, previous)
        }
    }

    /// Drops every previous key from the metadata and deletes its private key; the certificate stays for the record.
    package func retire(record: ([SigningKey]) throws -> Void = { _ in }) throws -> [SigningKey] {
        try KeyFiles.withLock(lockPath) {
            let current = try load()
            let retiring = current.keys.filter { $0.state == .previous }.map { key in
                SigningKey(id: key.id, state: .retired, certificate: key.certificate, credentials: nil)
            }
            guard !retiring.isEmpty else {
                throw SigningKeyStoreError.refused(
                    current.pending == nil
                        ? "no previous key to retire: only the active key is published"
                        : "no previous key to retire: activate the pending key with `portico keys activate` first")
            }
            try record(retiring)
            try writeState(current.keys.map { key in retiring.first { $0.id == key.id } ?? key })
            for key in retiring { unlink(privateKeyPath(key.id)) }
            KeyFiles.syncDirectory(directory)
            return retiring
        }
    }

    // MARK: Files

    /// A fresh key written to its two files; the state file does not name it yet.
    private func makeKey(state: SigningKey.State, now: Int64) throws -> SigningKey {
        let credentials = try generate(now)
        let day = SAMLInstant.format(now).prefix(10).filter { $0 != "-" }
        let id = day + "-" + Hex.encode(SecureRandom.bytes(4))
        try KeyFiles.writeNew(privateKeyPath(id), credentials.privateKeyPEM)
        do {
            try KeyFiles.writeNew(certificatePath(id), credentials.certificatePEM)
        } catch {
            unlink(privateKeyPath(id))
            throw error
        }
        return SigningKey(id: id, state: state, certificate: credentials.certificate, credentials: credentials)
    }

    private func removeFiles(of key: SigningKey) {
        unlink(privateKeyPath(key.id))
        unlink(certificatePath(key.id))
    }

    private func writeState(_ keys: [SigningKey]) throws(SigningKeyStoreError) {
        var text = "# Portico's SAML signing keys: id and state (active, pending, previous or retired), oldest first.\n"
        text += "# Change them with `portico keys rotate`, `activate` and `retire`; a running server notices within a second.\n"
        for key in keys { text += key.id + " " + key.state.rawValue + "\n" }
        try KeyFiles.replace(statePath, with: text, directory: directory)
    }

    private func readCredentials(_ id: String) throws(SigningKeyStoreError) -> SigningCredentials {
        let keyPath = privateKeyPath(id), certificatePath = certificatePath(id)
        let keyText = try KeyFiles.readPrivate(keyPath)
        let certificateText = try KeyFiles.readPrivate(certificatePath)
        do {
            return try SigningCredentials.fromPEM(privateKey: keyText, certificate: certificateText)
        } catch {
            switch error {
            case .unreadablePrivateKey: throw .unusable(path: keyPath, reason: "is not a readable RSA private key in PEM")
            case .unreadableCertificate: throw .unusable(path: certificatePath, reason: "is not a readable PEM certificate")
            case .certificateDoesNotMatchKey:
                throw .unusable(path: certificatePath, reason: "is not the certificate of \(keyPath) (the keys differ)")
            }
        }
    }

    private func readCertificate(_ id: String) throws(SigningKeyStoreError) -> X509Certificate {
        let path = certificatePath(id)
        do {
            return try X509Certificate(pem: try KeyFiles.readPrivate(path))
        } catch let error as SigningKeyStoreError {
            throw error
        } catch {
            throw .unusable(path: path, reason: "is not a readable PEM certificate")
        }
    }
}
