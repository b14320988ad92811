/// A TOTP authenticator a user enrolled, with the shared secret and the last time step it accepted.
///
/// `description` leaves the secret out, so a device interpolated into a log line or a failed test's
/// message cannot leak it.
package struct MFADevice: Hashable, Sendable, CustomStringConvertible, CustomDebugStringConvertible {
    /// The RFC 4226 secret length Portico issues (160 bits).
    package static let secretLength = 20
    /// The longest device name, in characters.
    package static let maximumNameLength = 64

    package var id: Int64
    package var userID: String
    package var name: String
    package var secret: [UInt8]
    package var createdAt: Int
    /// Nil until the user typed a first correct code; unconfirmed devices never satisfy sign-in.
    package var confirmedAt: Int?
    /// The newest TOTP step accepted from this device; that step and every earlier one are refused.
    package var lastUsedStep: Int?

    package init(
        id: Int64, userID: String, name: String, secret: [UInt8], createdAt: Int, confirmedAt: Int? = nil,
        lastUsedStep: Int? = nil
    ) {
        self.id = id
        self.userID = userID
        self.name = name
        self.secret = secret
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
