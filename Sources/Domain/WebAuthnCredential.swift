/// A security key or passkey a user registered (a WebAuthn public-key credential): its id, its COSE public key
/// and the signature counter it last reported.
///
/// Nothing here is secret (the private key never leaves the authenticator), but the credential id and key are
/// left out of `description` all the same, as they identify the person's device.
package struct WebAuthnCredential: Hashable, Sendable, CustomStringConvertible {
    /// The longest name a user may give an authenticator, in characters.
    package static let maximumNameLength = 64
    /// WebAuthn's limit on credential ids (Level 3 §5.1).
    package static let maximumCredentialIDLength = 1023

    package var id: Int64
    package var userID: String
    package var credentialID: [UInt8]
    /// The COSE_Key the authenticator gave at registration, as received.
    package var publicKey: [UInt8]
    /// The COSE algorithm identifier: -7 ES256, -257 RS256, -8 EdDSA.
    package var algorithm: Int
    package var signCount: UInt32
    package var name: String
    /// Registered as a passkey (a discoverable credential), so it can sign in without an email.
    package var discoverable: Bool
    /// The authenticator may sync the credential to other devices (a synced passkey).
    package var backupEligible: Bool
    /// How the browser said it reaches the authenticator (`usb`, `nfc`, `internal`, `hybrid`…), for the next sign-in.
    package var transports: [String]
    package var createdAt: Int
    package var lastUsedAt: Int?

    package init(
        id: Int64 = 0, userID: String, credentialID: [UInt8], publicKey: [UInt8], algorithm: Int, signCount: UInt32, name: String,
        discoverable: Bool, backupEligible: Bool, transports: [String], createdAt: Int, lastUsedAt: Int? = nil
    ) {
        self.id = id
        self.userID = userID
        self.credentialID = credentialID
        self.publicKey = publicKey
        self.algorithm = algorithm
        self.signCount = signCount
        self.name = name
        self.discoverable = discoverable
        self.backupEligible = backupEligible
        self.transports = transports
        self.createdAt = createdAt
        self.lastUsedAt = lastUsedAt
    }

    package var description: String {
        "WebAuthnCredential(id: \(id), userID: \(userID), name: \(name), algorithm: \(algorithm), signCount: \(signCount))"
    }

    /// What kind of authenticator the person is looking at, in their words.
    package var kind: String {
        if discoverable { return backupEligible ? "Passkey (synced)" : "Passkey" }
        return "Security key"
    }

    /// Why `name` cannot name an authenticator, or nil when it can.
    package static func nameProblem(_ name: String) -> String? {
        FieldRules.text(name, required: true, maximum: maximumNameLength)
    }

    /// The transports WebAuthn defines; anything else a browser sends is dropped rather than stored.
    package static let knownTransports: Set<String> = ["usb", "nfc", "ble", "internal", "hybrid", "smart-card"]
}
