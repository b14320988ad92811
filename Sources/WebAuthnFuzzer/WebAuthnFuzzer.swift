import WebAuthn

/// libFuzzer's entry point: checks the WebAuthn decoders' invariants on one input. A broken invariant traps,
/// which libFuzzer reports as a crash and saves the input (see `scripts/fuzz-webauthn`).
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzz(_ data: UnsafePointer<UInt8>, _ size: Int) -> Int32 {
    WebAuthnFuzzer.check(UnsafeRawBufferPointer(start: data, count: size))
    return 0
}

#if FUZZING
    /// libFuzzer's driver, declared in its `FuzzerInterface.h`; `-enable-experimental-feature Extern` allows this.
    @_extern(c, "LLVMFuzzerRunDriver")
    private func runFuzzerDriver(
        _ argc: UnsafeMutablePointer<Int32>,
        _ argv: UnsafeMutablePointer<UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>?>,
        _ testOneInput: @convention(c) (UnsafePointer<UInt8>?, Int) -> Int32
    ) -> Int32

    /// The fuzzing build's entry point. SwiftPM links every executable with `--defsym main=<Module>_main`
    /// (so that tests can link executables), which leaves libFuzzer's own `main` out; with no `@main` in this
    /// build the symbol is defined here and does what libFuzzer's `main` does: hand over to its driver.
    @_cdecl("WebAuthnFuzzer_main")
    public func fuzzerMain(_ argc: Int32, _ argv: UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>?) -> Int32 {
        var argc = argc
        var argv = argv
        return runFuzzerDriver(&argc, &argv) { data, size in
            WebAuthnFuzzer.check(UnsafeRawBufferPointer(start: data, count: size))
            return 0
        }
    }
#endif

/// The invariants the verifier relies on, checked on arbitrary bytes read as each structure a browser sends.
///
/// The CBOR decoder's answer to the whole input and to its prefix agree; what it accepts survives a round
/// trip through the canonical encoder; tighter limits only ever turn an acceptance into a refusal; a refusal
/// points inside the input. The structures built on it (COSE key, authenticator data, attestation object,
/// client data) accept only what agrees with their own rules, and checking an attestation statement on
/// whatever parsed never traps.
enum WebAuthnFuzzer {
    private static let tight: CBORDecoder.Limits = {
        var limits = CBORDecoder.Limits()
        limits.maxDepth = 3
        limits.maxContainerCount = 4
        limits.maxTotalItems = 24
        limits.maxInputSize = 512
        return limits
    }()

    static func check(_ buffer: UnsafeRawBufferPointer) {
        let input = Array(buffer)
        checkDecoder(input)
        checkStructures(input)
    }

    private static func checkDecoder(_ input: [UInt8]) {
        let whole = Result { () throws(CBORError) in try CBORDecoder().decode(input) }
        let prefix = Result { () throws(CBORError) in try CBORDecoder().decodePrefix(input) }
        switch (whole, prefix) {
        case (.success(let value), .success(let first)):
            precondition(first.consumed == input.count && first.value.encoded == value.encoded, "decode and decodePrefix differ")
            let again = try? CBORDecoder().decode(value.encoded)
            precondition(again?.encoded == value.encoded, "an accepted item does not survive a round trip")
        case (.failure(let error), .success(let first)):
            precondition(error.reason == .trailingBytes(input.count - first.consumed), "prefix accepted, whole refused: \(error)")
            precondition(first.consumed > 0 && first.consumed < input.count)
            let alone = try? CBORDecoder().decode(Array(input[..<first.consumed]))
            precondition(alone?.encoded == first.value.encoded, "the prefix alone reads differently")
        case (.success, .failure(let error)):
            preconditionFailure("whole accepted, prefix refused: \(error)")
        case (.failure(let error), .failure(let prefixError)):
            precondition(error == prefixError, "different refusals: \(error) and \(prefixError)")
            precondition(error.offset >= 0 && error.offset <= input.count, "offset \(error.offset) outside the input")
        }
        if let strict = try? CBORDecoder(limits: tight).decode(input) {
            precondition(input.count <= tight.maxInputSize)
            precondition(strict.encoded == (try? whole.get())?.encoded, "tight limits accepted what default limits did not")
        }
    }

    private static func checkStructures(_ input: [UInt8]) {
        if let key = try? COSEKey.parse(input) {
            precondition(key.bytes == input)
            precondition(key.algorithm == .es256 ? key.ec2Point != nil : key.ec2Point == nil)
            precondition(!key.verify(signature: [], message: input), "an empty signature verified")
        }
        if let data = try? AuthenticatorData.parse(input) {
            checkAuthenticatorData(data, input)
        }
        if let attestation = try? AttestationObject.parse(input) {
            checkAuthenticatorData(attestation.authenticatorData, attestation.authenticatorData.bytes)
            // Whatever the statement holds, checking it answers; the hash is arbitrary.
            _ = try? attestation.verifyStatement(clientDataHash: [UInt8](repeating: 0, count: 32))
        }
        _ = try? ClientData.parse(input)
    }

    private static func checkAuthenticatorData(_ data: AuthenticatorData, _ input: [UInt8]) {
        precondition(data.bytes == input && input.count >= 37)
        precondition(data.flags.contains(.attestedCredentialData) == (data.attestedCredential != nil))
        precondition(data.flags.contains(.extensionData) == (data.extensions != nil))
        if let credential = data.attestedCredential {
            precondition(credential.aaguid.count == 16)
            precondition(credential.credentialID.count <= AuthenticatorData.maxCredentialIDLength)
            let reparsed = try? COSEKey.parse(credential.publicKey.bytes)
            precondition(reparsed == credential.publicKey, "the stored key bytes do not parse back to the key")
        }
    }
}
