/// A TOTP authenticator a user enrolled, with its sealed shared secret and the last time step it accepted.
///
/// The secret is kept sealed (encrypted under a key from the data directory) everywhere but at the moment a
/// code is computed, so a copy of the database alone does not hand out second factors. `description`
/// leaves it out all the same, so a device in a log line or a failed test's message leaks nothing.
package struct MFADevice: Hashable, Sendable, CustomStringConvertible, CustomDebugStringConvertible {
    /// The RFC 4226 secret length Portico issues (160 bits).
    package static let secretLength = 20
    /// A sealed secret: a version byte, then AES-256-GCM's 12-byte nonce, the ciphertext and a 16-byte tag.
    package static let sealedSecretLength = 1 + 12 + secretLength + 16
    /// The longest device name, in characters.
    package static let maximumNameLength = 64

    package var id: Int64
    package var userID: String
    package var name: String
    package var sealedSecret: [UInt8]
    package var createdAt: Int
    /// Nil until the user typed a first correct code; unconfirmed devices never satisfy sign-in.
    package var confirmedAt: Int?
    /// The newest TOTP step accepted from this device; that step and every earlier one are refused.
    package var lastUsedStep: Int?

    package init(
        id: Int64, userID: String, name: String, sealedSecret: [UInt8], createdAt: Int, confirmedAt: Int? = nil,
        lastUsedStep: Int? = nil
    ) {
        self.id = id
        self.userID = userID
        self.name = name
        self.sealedSecret = sealedSecret
        self.createdAt = createdAt
        self.confirmedAt = confirmedAt
        self.lastUsedStep = lastUsedStep
    }

    package var isConfirmed: Bool { confirmedAt != nil }

    package var description: String {
        "MFADevice(id: \(id), userID: \(userID), name: \(name), confirmed: \(isConfirmed), secret: <redacted>)"
    }

    package var debugDescription: String { description }

    /// Why `name` cannot name a device, or nil when it can.
    package static func nameProblem(_ name: String) -> String? {
        FieldRules.text(name, required: true, maximum: maximumNameLength)
    }
}
