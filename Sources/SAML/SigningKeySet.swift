import Crypto

/// Every signing key in the data directory as one consistent view: the one that signs and the
/// certificates the metadata publishes.
package struct SigningKeySet: Sendable, Equatable {
    /// Oldest first, as the state file lists them.
    package let keys: [SigningKey]
    /// The key that signs.
    package let active: SigningKey
    /// `active`'s credentials, for `XMLSigner`.
    package let signingCredentials: SigningCredentials

    /// Validates the rules a rotation keeps: exactly one active key (with its private key), at most one pending.
    init(keys: [SigningKey], statePath: String) throws(SigningKeyStoreError) {
        let active = keys.filter { $0.state == .active }
        guard active.count == 1, let signing = active[0].credentials else {
            throw .invalidState(path: statePath, reason: "must name exactly one active key, it names \(active.count)")
        }
        guard keys.filter({ $0.state == .pending }).count <= 1 else {
            throw .invalidState(path: statePath, reason: "names more than one pending key")
        }
        self.keys = keys
        self.active = active[0]
        self.signingCredentials = signing
    }

    /// The key `portico keys rotate` made, waiting for `activate`.
    package var pending: SigningKey? { keys.first { $0.state == .pending } }

    /// Certificates for the metadata: the active key's first, then the pending and previous ones.
    package var publishedCertificates: [X509Certificate] {
        [active.certificate] + keys.filter { $0.state.isPublished && $0.state != .active }.map(\.certificate)
    }
}
