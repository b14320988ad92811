extension SAMLResponseValidator.Failure {
    /// The failure a parse or a signature check of `element` ("the Response") ends in.
    init(_ error: XMLSignatureError, checking element: String) {
        let quoted = SAMLResponseValidator.quoted
        switch error {
        case .malformedXML: self.init("malformed", "not well-formed XML")
        case .documentTypeDeclaration: self.init("dtd", "the document has a DOCTYPE")
        case .duplicateID(let id): self.init("wrapped", "the ID \(quoted(id)) appears twice")
        case .elementNotFound(let id): self.init("wrapped", "\(element)'s ID \(quoted(id)) does not lead to it")
        case .missingSignature: self.init("unsigned", "\(element) has no Signature")
        case .unexpectedSignatureStructure(let problem): self.init("bad-signature", "\(element): \(problem)")
        case .unsupportedAlgorithm(let algorithm): self.init(algorithm: algorithm, in: element)
        case .referenceMismatch(let expected, let found):
            self.init("wrapped", "\(element)'s signature covers \(quoted(found)), not \(quoted(expected))")
        case .unusableKey: self.init("bad-signature", "a configured certificate could not be loaded")
        case .invalidSignature: self.init("bad-signature", "\(element)'s signature is not valid by any configured certificate")
        case .libraryFailure(let call): self.init("bad-signature", "\(element): \(call) failed")
        }
    }

    /// The failure decrypting an `EncryptedAssertion` ends in.
    init(_ error: XMLDecryptionError) {
        switch error {
        case .unsupportedAlgorithm(let algorithm): self.init(algorithm: algorithm, in: "the EncryptedAssertion")
        case .unexpectedStructure(let problem): self.init("encrypted-undecryptable", problem)
        case .unusableKey: self.init("encrypted-undecryptable", "a configured decryption key could not be loaded")
        case .undecryptable: self.init("encrypted-undecryptable", "no configured key decrypts the assertion")
        case .libraryFailure(let call): self.init("encrypted-undecryptable", "\(call) failed")
        }
    }

    private init(algorithm: String, in element: String) {
        let reason = XMLSignatureAlgorithm.weak.contains(algorithm) ? "weak-algorithm" : "unsupported-algorithm"
        self.init(reason, "\(element) uses \(SAMLResponseValidator.quoted(algorithm))")
    }
}
