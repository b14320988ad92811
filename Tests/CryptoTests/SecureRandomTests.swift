import Crypto
import Testing

struct SecureRandomTests {
    @Test func returnsTheRequestedNumberOfBytes() {
        #expect(SecureRandom.bytes(0).isEmpty)
        #expect(SecureRandom.bytes(1).count == 1)
        #expect(SecureRandom.bytes(64).count == 64)
    }

    @Test func successiveCallsDiffer() {
        // 2^-256 chance of a false failure.
        #expect(SecureRandom.bytes(32) != SecureRandom.bytes(32))
    }

    @Test func largeOutputUsesEveryByteValue() {
        // 64 KiB of uniform bytes misses some value with probability about 256 * e^-256.
        #expect(Set(SecureRandom.bytes(65_536)).count == 256)
    }
}
