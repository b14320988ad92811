/// The authenticator data an authenticator signs (WebAuthn Level 3 §6.1): which site, which flags, the
/// signature counter, and at registration the new credential.
package struct AuthenticatorData: Sendable, Hashable {
    /// The flags byte (§6.1, "flags").
    package struct Flags: OptionSet, Hashable, Sendable {
        package let rawValue: UInt8
        package init(rawValue: UInt8) { self.rawValue = rawValue }

        /// UP: someone touched the key.
        package static let userPresent = Flags(rawValue: 0x01)
        /// UV: the key verified who touched it (PIN, biometrics).
        package static let userVerified = Flags(rawValue: 0x04)
        /// BE: the credential may be synced to other devices (a passkey).
        package static let backupEligible = Flags(rawValue: 0x08)
        /// BS: the credential is currently backed up.
        package static let backedUp = Flags(rawValue: 0x10)
        /// AT: attested credential data follows.
        package static let attestedCredentialData = Flags(rawValue: 0x40)
        /// ED: extension data follows.
        package static let extensionData = Flags(rawValue: 0x80)
    }

    /// The credential created at registration (§6.5.2).
    package struct AttestedCredential: Sendable, Hashable {
        /// The authenticator model's AAGUID, 16 bytes (all zero for most U2F keys and for `none`).
        package let aaguid: [UInt8]
        package let credentialID: [UInt8]
        package let publicKey: COSEKey
    }

    /// The longest credential id accepted (§5.8.3 "id": at most 1023 bytes).
    package static let maxCredentialIDLength = 1023

    /// The bytes as received, which the signature covers.
    package let bytes: [UInt8]
    /// SHA-256 of the relying-party id the authenticator thinks it answers for.
    package let rpIDHash: [UInt8]
    package let flags: Flags
    package let signCount: UInt32
    /// Present exactly when the AT flag is set.
    package let attestedCredential: AttestedCredential?
    /// The extension outputs map; present exactly when the ED flag is set.
    package let extensions: CBOR?

    /// Parses authenticator data; the flags must agree with what follows the fixed part, and nothing may trail.
    package static func parse(_ bytes: [UInt8]) throws(WebAuthnError) -> AuthenticatorData {
        try AuthenticatorData(bytes: bytes)
    }

    private init(bytes: [UInt8]) throws(WebAuthnError) {
        // rpIdHash (32) + flags (1) + signCount (4).
        guard bytes.count >= 37 else { throw .malformed("authenticator data: \(bytes.count) bytes, fewer than the 37 it always has") }
        self.bytes = bytes
        rpIDHash = Array(bytes[0..<32])
        flags = Flags(rawValue: bytes[32])
        signCount = bytes[33..<37].reduce(0) { $0 << 8 | UInt32($1) }
        var offset = 37

        if flags.contains(.attestedCredentialData) {
            // aaguid (16) + credentialIdLength (2).
            guard bytes.count - offset >= 18 else { throw .malformed("authenticator data: attested credential data is cut short") }
            let aaguid = Array(bytes[offset..<offset + 16])
            let idLength = Int(bytes[offset + 16]) << 8 | Int(bytes[offset + 17])
            offset += 18
            guard idLength <= Self.maxCredentialIDLength else {
                throw .malformed("authenticator data: a credential id of \(idLength) bytes, more than \(Self.maxCredentialIDLength)")
            }
            guard bytes.count - offset >= idLength else { throw .malformed("authenticator data: the credential id is cut short") }
            let credentialID = Array(bytes[offset..<offset + idLength])
            offset += idLength
            let rest = Array(bytes[offset...])
            let key: (value: CBOR, consumed: Int)
            do {
                key = try CBORDecoder().decodePrefix(rest)
            } catch {
                throw .malformed("authenticator data: credential public key at byte \(offset): \(error)")
            }
            let publicKey = try COSEKey(map: key.value, bytes: Array(rest[..<key.consumed]))
            offset += key.consumed
            attestedCredential = AttestedCredential(aaguid: aaguid, credentialID: credentialID, publicKey: publicKey)
        } else {
            attestedCredential = nil
        }

        if flags.contains(.extensionData) {
            let value: CBOR
            do {
                value = try CBORDecoder().decode(Array(bytes[offset...]))
            } catch {
                throw .malformed("authenticator data: extensions at byte \(offset): \(error)")
            }
            guard value.mapValue != nil else { throw .malformed("authenticator data: extensions are \(value.kindName), not a map") }
            extensions = value
        } else {
            guard offset == bytes.count else {
                throw .malformed("authenticator data: \(bytes.count - offset) bytes at byte \(offset) that no flag announces")
            }
            extensions = nil
        }
    }
}
