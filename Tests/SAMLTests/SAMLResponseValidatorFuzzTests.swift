import Crypto
import SAML
import TestSupport
import Testing

/// Seeded fuzzing of everything the validator reads before and around the signatures: responses the identity
/// provider really signed, mutated byte by byte and element by element. validate() must never crash, and
/// whatever it accepts must say exactly what was signed: a mutation may only land where no signature looks
/// (the unsigned Response around a signed Assertion) or where canonicalisation cannot see it (a comment).
struct SAMLResponseValidatorFuzzTests {
    typealias Fixture = SAMLResponseFixture
    private static let rounds = 1_500
    /// What XML is made of, and what an attacker reaches for.
    private static let alphabet = Array(#"<>/="' &;#x!-[]?:_.0aZ"#.utf8) + [0x00, 0x0A, 0xC3, 0xA9, 0xFF]
    private static let fragments = [
        "<!---->", "<![CDATA[x]]>", "&amp;", "&#x41;", "<?pi x?>", #" xml:id="_assertion-1""#, #" ID="_assertion-1""#,
        "<saml:Assertion>", "</saml:Assertion>", "<samlp:Extensions>", "</samlp:Extensions>", #"<!DOCTYPE x [<!ENTITY e "e">]>"#,
        "&e;", #"xmlns:saml="urn:x""#, #"xmlns="urn:oasis:names:tc:SAML:2.0:assertion""#,
    ]

    @Test(arguments: [Fixture.Signed.assertion, .response, .both])
    func mutatedBytesNeverCrashAndAreAcceptedOnlyAsSigned(signed: Fixture.Signed) throws {
        var generator = SeededGenerator(seed: 20 + UInt64(String(describing: signed).count))
        let original = Array(try Fixture().signed(signed).utf8)
        for _ in 0..<Self.rounds {
            var bytes = original
            for _ in 0..<1 + Int(generator.next() % 3) {
                Self.mutate(&bytes, &generator)
            }
            Self.expectAcceptedOnlyAsSigned(bytes)
        }
    }

    @Test(arguments: [Fixture.Signed.assertion, .response])
    func movedElementsNeverCrashAndAreAcceptedOnlyAsSigned(signed: Fixture.Signed) throws {
        // Cutting, copying and moving whole elements is how signature wrapping is done.
        var generator = SeededGenerator(seed: 30 + UInt64(String(describing: signed).count))
        let original = Array(try Fixture().signed(signed).utf8)
        let starts = original.indices.filter { original[$0] == UInt8(ascii: "<") }
        for _ in 0..<Self.rounds {
            var bytes = original
            let from = starts[Int(generator.next() % UInt64(starts.count))]
            let to = starts[Int(generator.next() % UInt64(starts.count))]
            let slice = Array(original[min(from, to)..<max(from, to)])
            let at = starts[Int(generator.next() % UInt64(starts.count))]
            switch generator.next() % 3 {
            case 0: bytes.removeSubrange(min(from, to)..<max(from, to))
            case 1: bytes.insert(contentsOf: slice, at: at)
            default:
                bytes.removeSubrange(min(from, to)..<max(from, to))
                bytes.insert(contentsOf: slice, at: min(at, bytes.count))
            }
            Self.expectAcceptedOnlyAsSigned(bytes)
        }
    }

    @Test(arguments: [Fixture.Signed.assertion, .response, .both])
    func changedValuesNeverCrashAndAreAcceptedOnlyAsSigned(signed: Fixture.Signed) throws {
        // Well-formed changes, so that most reach the signature and the checks after it: a text or attribute
        // value replaced by another the document uses elsewhere (an ID, a URL, an instant), or split by a comment.
        var generator = SeededGenerator(seed: 50 + UInt64(String(describing: signed).count))
        let original = Array(try Fixture().signed(signed).utf8)
        let values = Self.valueRanges(in: original)
        let replacements = [
            "", " ", "x", "alice@example.com", "admin@example.com", "_assertion-1", "_response-1", "#_assertion-1", "#_response-1",
            Fixture.identityProvider, Fixture.serviceProvider, Fixture.consumerService, "2030-01-01T00:00:00Z", "2020-01-01T00:00:00Z",
            "urn:oasis:names:tc:SAML:2.0:status:Success", Fixture.bearer, "&amp;", "&#x5F;assertion-1",
        ]
        for _ in 0..<Self.rounds {
            var bytes = original
            let range = values[Int(generator.next() % UInt64(values.count))]
            let replacement = Array(replacements[Int(generator.next() % UInt64(replacements.count))].utf8)
            switch generator.next() % 3 {
            case 0: bytes.replaceSubrange(range, with: replacement)
            case 1: bytes.insert(contentsOf: replacement, at: range.lowerBound + Int(generator.next() % UInt64(range.count + 1)))
            default:
                // A comment only where text may hold one; in an attribute value it is malformed, which is fine too.
                bytes.insert(contentsOf: Array("<!---->".utf8), at: range.lowerBound + Int(generator.next() % UInt64(range.count + 1)))
            }
            Self.expectAcceptedOnlyAsSigned(bytes)
        }
    }

    @Test func everyTruncationIsRefusedOrReadsAsSigned() throws {
        let original = Array(try Fixture().signed(.both).utf8)
        for length in 0..<original.count {
            Self.expectAcceptedOnlyAsSigned(Array(original[..<length]))
        }
    }

    @Test func mutatedEncryptedAssertionsNeverCrashAndAreAcceptedOnlyAsSigned() throws {
        var generator = SeededGenerator(seed: 40)
        let original = Array(
            try XMLSec1.encryptAssertion(in: Fixture().signed(.assertion), to: TestCredentials.portico.certificatePEM).utf8)
        for _ in 0..<Self.rounds / 5 {
            var bytes = original
            Self.mutate(&bytes, &generator)
            Self.expectAcceptedOnlyAsSigned(bytes)
        }
    }

    /// Found by the fuzzing above: a namespace declaration that is no absolute URI makes libxml2's
    /// canonicaliser fail, and it printed its complaint to stderr for every such response (libxml2's error
    /// handler is now silenced in XMLSecurityLibrary). The signature over it is simply bad.
    @Test(arguments: ["http://www.w3.org/2001/XML Schema", "XMLSchema", "%zz"])
    func aNamespaceThatIsNoAbsoluteURIIsABadSignature(namespace: String) throws {
        let signed = try Fixture().signed(.assertion)
        let changed = signed.replacingOccurrences(of: #"xmlns:xs="http://www.w3.org/2001/XMLSchema""#, with: #"xmlns:xs="\#(namespace)""#)
        #expect(changed != signed)
        expectRefusal(changed, "bad-signature")
    }

    /// The text between tags and the attribute values of `bytes`.
    private static func valueRanges(in bytes: [UInt8]) -> [Range<Int>] {
        var ranges: [Range<Int>] = []
        var start: Int?
        var inTag = false
        var quote: UInt8?
        for (index, byte) in bytes.enumerated() {
            if let open = quote {
                if byte == open {
                    ranges.append(start!..<index)
                    quote = nil
                }
            } else if inTag {
                if byte == UInt8(ascii: ">") {
                    inTag = false
                    start = index + 1
                } else if byte == UInt8(ascii: "\""), index > 0, bytes[index - 1] == UInt8(ascii: "=") {
                    quote = byte
                    start = index + 1
                }
            } else if byte == UInt8(ascii: "<") {
                if let textStart = start, textStart < index { ranges.append(textStart..<index) }
                inTag = true
            }
        }
        return ranges
    }

    private static func mutate(_ bytes: inout [UInt8], _ generator: inout SeededGenerator) {
        let index = Int(generator.next() % UInt64(bytes.count + 1))
        switch generator.next() % 5 {
        case 0: bytes.insert(alphabet[Int(generator.next() % UInt64(alphabet.count))], at: index)
        case 1: if index < bytes.count { bytes.remove(at: index) }
        case 2: if index < bytes.count { bytes[index] = alphabet[Int(generator.next() % UInt64(alphabet.count))] }
        case 3: bytes.insert(contentsOf: Array(fragments[Int(generator.next() % UInt64(fragments.count))].utf8), at: index)
        default: if index < bytes.count { bytes[index] ^= UInt8(truncatingIfNeeded: 1 << (generator.next() % 8)) }
        }
    }

    /// Validates `bytes`; refusals are fine, an acceptance must yield the signed claims.
    private static func expectAcceptedOnlyAsSigned(_ bytes: [UInt8], sourceLocation: SourceLocation = #_sourceLocation) {
        do {
            let claims = try Fixture.validator.validate(encodedResponse: PaddedBase64.encode(bytes), now: Fixture.now)
            #expect(claims == Fixture.expectedClaims, "accepted: \(String(decoding: bytes, as: UTF8.self))", sourceLocation: sourceLocation)
        } catch {
            #expect(!error.reason.isEmpty, sourceLocation: sourceLocation)
        }
    }
}
