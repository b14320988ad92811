/// Why a document could not be signed, or why its signature was refused.
package enum XMLSignatureError: Error, Sendable, Equatable {
    /// An xmlsec or libxml2 call failed; carries its name.
    case libraryFailure(String)
    /// The text is not well-formed XML.
    case malformedXML
    /// The document has a DOCTYPE; SAML forbids one, and it is how entity-expansion attacks arrive.
    case documentTypeDeclaration
    /// Two elements claim the same `ID`, the footing of signature-wrapping attacks.
    case duplicateID(String)
    case elementNotFound(id: String)
    case missingSignature
    /// The Signature is not the single-reference, enveloped shape Portico signs and accepts.
    case unexpectedSignatureStructure(String)
    /// A canonicalisation, signature, digest or transform algorithm outside the accepted set.
    case unsupportedAlgorithm(String)
    /// The signature covers something other than the element it was meant to protect.
    case referenceMismatch(expected: String, found: String)
    /// The signing key or certificate could not be loaded.
    case unusableKey
    /// The digest or the signature value does not match.
    case invalidSignature
}
