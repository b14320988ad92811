/// A credential that passed registration: what the app stores for the account.
package struct RegisteredCredential: Sendable, Hashable {
    package let credentialID: [UInt8]
    /// The key; store `publicKey.bytes` and read it back with `COSEKey.parse`.
    package let publicKey: COSEKey
    package let algorithm: COSEAlgorithm
    /// The counter at registration, the first value an assertion's must exceed (unless both stay 0).
    package let signCount: UInt32
    package let userVerified: Bool
    /// BE: a passkey that may be synced to other devices.
    package let backupEligible: Bool
    /// BS: currently backed up.
    package let backedUp: Bool
    /// The authenticator model's AAGUID (16 bytes; zeros when not disclosed).
    package let aaguid: [UInt8]
    /// The attestation statement format that was checked: `none`, `packed` or `fido-u2f`.
    package let attestationFormat: String
}
