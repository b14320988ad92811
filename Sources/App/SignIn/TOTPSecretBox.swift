import Crypto
import Domain

/// Seals TOTP secrets for the database and opens them when a code is computed.
///
/// The key is derived from the data directory's `secret.key`, which lives beside the database but is a
/// separate file, owner-only: a copied or leaked `portico.sqlite3` alone holds no usable second factor.
/// The user id is bound as associated data, so a sealed secret moved to another user's row does not open.
package struct TOTPSecretBox: Sendable {
    static let version: UInt8 = 1

    private let key: [UInt8]

    package init(secret: ServerSecret) {
        key = secret.derivedKey("totp-secrets")
    }

    /// The sealed form of `secret`, for `userID`'s device.
    package func seal(_ secret: [UInt8], userID: String) -> [UInt8] {
        [Self.version] + AESGCM.seal(secret, key: key, associatedData: Self.associatedData(userID))
    }

    /// The device's secret; nil when it was sealed under another key or for another user, or is not sealed.
    package func open(_ device: MFADevice) -> [UInt8]? {
        guard device.sealedSecret.count == MFADevice.sealedSecretLength, device.sealedSecret.first == Self.version else { return nil }
        return AESGCM.open(Array(device.sealedSecret.dropFirst()), key: key, associatedData: Self.associatedData(device.userID))
    }

    private static func associatedData(_ userID: String) -> [UInt8] {
        Array("portico totp secret v1\n\(userID)".utf8)
    }
}
