import OIDC
import Testing

/// RFC 8628 §6.1 user codes: twenty consonants, shown as XXXX-XXXX, typed any way a person types them.
struct UserCodeTests {
    /// A deterministic generator (SplitMix64) so a test can see every symbol the alphabet has.
    struct SeededGenerator: RandomNumberGenerator {
        var state: UInt64
        mutating func next() -> UInt64 {
            state &+= 0x9E37_79B9_7F4A_7C15
            var z = state
            z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
            z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
            return z ^ (z >> 31)
        }
    }

    @Test func generatedCodesUseOnlyTheConsonantAlphabetAndAllOfIt() {
        var random = SeededGenerator(state: 42)
        var seen: Set<Character> = []
        for _ in 0..<500 {
            let code = UserCode.generate(using: &random)
            #expect(code.normalized.count == 8)
            #expect(code.display.count == 9 && code.display.dropFirst(4).first == "-")
            #expect(code.normalized.allSatisfy { "BCDFGHJKLMNPQRSTVWXZ".contains($0) })
            seen.formUnion(code.normalized)
        }
        #expect(seen == Set("BCDFGHJKLMNPQRSTVWXZ"))
    }

    @Test func theSecureGeneratorGivesValidDistinctCodes() {
        let codes = (0..<50).map { _ in UserCode.generate() }
        #expect(codes.allSatisfy { UserCode(typed: $0.display) == $0 })
        #expect(Set(codes).count > 45)
    }

    @Test func typedInputIgnoresCaseSpacesAndHyphens() throws {
        let code = try #require(UserCode(typed: "rhhx-bcts"))
        #expect(code.normalized == "RHHXBCTS" && code.display == "RHHX-BCTS" && code.description == "RHHX-BCTS")
        #expect(UserCode(typed: " RHHX BCTS ") == code)
        #expect(UserCode(typed: "R-H-H-X-B-C-T-S") == code)
        #expect(UserCode(typed: "RhHxBcTs") == code)
    }

    @Test(arguments: ["", "RHHX-BCT", "RHHX-BCTSB", "RHHA-BCTS", "RHHX-BCT1", "RHHX_BCTS", "RHHX.BCTS", "RHHX–BCTS", "ＲHHX-BCTS"])
    func anythingElseIsRefused(input: String) {
        #expect(UserCode(typed: input) == nil)
    }
}
