import Crypto
import Testing

struct RecoveryCodeTests {
    static let alphabet = Set("23456789abcdefghjkmnpqrstvwxyz")

    @Test func generatesTenDistinctCodesByDefault() {
        let codes = RecoveryCode.generate()
        #expect(codes.count == 10)
        #expect(Set(codes).count == 10)
        #expect(RecoveryCode.generate(count: 3).count == 3)
    }

    @Test func codesAreThreeDashSeparatedGroupsOfFourUnambiguousSymbols() {
        for code in RecoveryCode.generate(count: 50) {
            let groups = code.split(separator: "-", omittingEmptySubsequences: false)
            #expect(groups.count == 3 && groups.allSatisfy { $0.count == 4 }, "\(code)")
            #expect(code.filter { $0 != "-" }.allSatisfy(Self.alphabet.contains), "\(code)")
        }
    }

    @Test func generationUsesTheWholeAlphabet() {
        let symbols = Set(RecoveryCode.generate(count: 100).joined().filter { $0 != "-" })
        #expect(symbols == Self.alphabet)
    }

    @Test func generatedCodesAreAlreadyNormalized() {
        for code in RecoveryCode.generate() {
            #expect(RecoveryCode.normalized(code) == code)
        }
    }

    @Test(arguments: ["K7WQ-3MZP-HX9D", "k7wq3mzphx9d", "k7wq 3mzp hx9d", " K7wq--3mZp - hx9D ", "k-7-w-q-3-m-z-p-h-x-9-d"])
    func normalizationIgnoresCaseSpacesAndDashes(input: String) {
        #expect(RecoveryCode.normalized(input) == "k7wq-3mzp-hx9d")
    }

    @Test(arguments: [
        "", "k7wq-3mzp-hx9", "k7wq-3mzp-hx9dd", "k7wq-3mzp-hx90", "k7wq-3mzp-hx9o", "k7wq-1mzp-hx9d",
        "k7wq_3mzp_hx9d", "k7wq-3mzp-hx9d\n", "ķ7wq-3mzp-hx9d",
    ])
    func normalizationRejectsWrongLengthsAndSymbolsOutsideTheAlphabet(input: String) {
        #expect(RecoveryCode.normalized(input) == nil)
    }
}
