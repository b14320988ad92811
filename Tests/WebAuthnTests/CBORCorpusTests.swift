import Foundation
import Testing
import WebAuthn

/// A file of `Fixtures/cbor-corpus`: bytes that reached (or could reach) the CBOR, COSE and authenticator
/// data decoders.
struct CBORCorpusFile: Sendable, CustomTestStringConvertible {
    let name: String
    let bytes: [UInt8]

    var testDescription: String { name }

    /// Every input that ever crashed or misbehaved, plus the fuzzer's seeds: real attestation objects, keys
    /// and authenticator data from `make-fixtures.py`.
    static let all: [CBORCorpusFile] = {
        guard let resources = Bundle.module.resourceURL else { return [] }
        let directory = resources.appendingPathComponent("Fixtures/cbor-corpus")
        let names = (try? FileManager.default.contentsOfDirectory(atPath: directory.path)) ?? []
        return names.filter { !$0.hasPrefix(".") }.sorted().compactMap { name in
            guard let data = FileManager.default.contents(atPath: directory.appendingPathComponent(name).path) else { return nil }
            return CBORCorpusFile(name: name, bytes: [UInt8](data))
        }
    }()
}

/// Replays the corpus through every decoder, with the invariants the fuzzer checks: nothing crashes, the
/// whole input and its prefix read alike, accepted items survive a round trip, refusals point inside the input.
struct CBORCorpusTests {
    @Test func corpusIsPresent() {
        #expect(CBORCorpusFile.all.count >= 27)
    }

    @Test(arguments: CBORCorpusFile.all)
    func corpusInputKeepsTheDecoderInvariants(_ file: CBORCorpusFile) {
        let input = file.bytes
        let whole = Result { () throws(CBORError) in try CBORDecoder().decode(input) }
        let prefix = Result { () throws(CBORError) in try CBORDecoder().decodePrefix(input) }
        switch (whole, prefix) {
        case (.success(let value), .success(let first)):
            #expect(first.consumed == input.count)
            #expect(first.value.encoded == value.encoded)
            #expect((try? CBORDecoder().decode(value.encoded))?.encoded == value.encoded, "round trip")
        case (.failure(let error), .success(let first)):
            #expect(error.reason == .trailingBytes(input.count - first.consumed))
        case (.success, .failure(let error)):
            Issue.record("whole accepted, prefix refused: \(error)")
        case (.failure(let error), .failure(let prefixError)):
            #expect(error == prefixError)
            #expect(error.offset >= 0 && error.offset <= input.count)
        }
        if let key = try? COSEKey.parse(input) { #expect(key.bytes == input) }
        if let data = try? AuthenticatorData.parse(input) {
            #expect(data.flags.contains(.attestedCredentialData) == (data.attestedCredential != nil))
            #expect(data.flags.contains(.extensionData) == (data.extensions != nil))
        }
        if let attestation = try? AttestationObject.parse(input) {
            _ = try? attestation.verifyStatement(clientDataHash: [UInt8](repeating: 0, count: 32))
        }
    }

    /// The seeds are what they claim to be, so the fuzzer starts from inputs that reach deep into each decoder.
    @Test func seedsParseAsTheirKind() throws {
        for file in CBORCorpusFile.all {
            if file.name.hasSuffix("-cose-key") { _ = try COSEKey.parse(file.bytes) }
            if file.name.hasSuffix("-authdata") { _ = try AuthenticatorData.parse(file.bytes) }
            if file.name.hasSuffix("-attestation-object") && !file.name.hasPrefix("es384") { _ = try AttestationObject.parse(file.bytes) }
        }
    }
}
