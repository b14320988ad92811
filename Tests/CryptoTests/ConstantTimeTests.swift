import Crypto
import Testing

struct ConstantTimeTests {
    @Test func equalBytesCompareEqual() {
        #expect(ConstantTime.equals([1, 2, 3], [1, 2, 3]))
        #expect(ConstantTime.equals([], []))
    }

    @Test func aDifferenceInAnyPositionCompareUnequal() {
        let base: [UInt8] = [10, 20, 30, 40]
        for index in base.indices {
            var changed = base
            changed[index] ^= 0x01
            #expect(!ConstantTime.equals(base, changed))
        }
    }

    @Test func differentLengthsCompareUnequalEvenWhenOneIsAPrefix() {
        #expect(!ConstantTime.equals([1, 2, 3], [1, 2]))
        #expect(!ConstantTime.equals([], [0]))
    }
}
