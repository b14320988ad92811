/// Why an encrypted element could not be decrypted.
enum XMLDecryptionError: Error, Sendable, Equatable {
    /// An xmlsec call failed; carries its name.
    case libraryFailure(String)
    /// The encrypted element is not the shape Portico decrypts: one `EncryptedData` with its method and an
    /// inline `CipherValue`, and its keys as `EncryptedKey` elements.
    case unexpectedStructure(String)
    /// A key transport or content encryption algorithm outside the accepted set.
    case unsupportedAlgorithm(String)
    /// One of Portico's own keys could not be loaded.
    case unusableKey
    /// No `EncryptedKey` opens with any of Portico's keys, or the content does not decrypt with the key it
    /// carries. One case for both, so that the answer says nothing about which step failed.
    case undecryptable
}
