import Crypto
import Testing

struct AESGCMTests {
    private let key = Array(repeating: UInt8(0x42), count: 32)

    @Test func sealedValueOpensWithTheSameKeyAndAssociatedDataOnly() throws {
        let secret = Array("twenty bytes secret!".utf8)
        let sealed = AESGCM.seal(secret, key: key, associatedData: Array("user-1".utf8))
        #expect(sealed.count == secret.count + AESGCM.overhead)
        #expect(Array(sealed[12..<32]) != secret)
        #expect(AESGCM.open(sealed, key: key, associatedData: Array("user-1".utf8)) == secret)
        #expect(AESGCM.open(sealed, key: key, associatedData: Array("user-2".utf8)) == nil)
        #expect(AESGCM.open(sealed, key: Array(repeating: 0x43, count: 32), associatedData: Array("user-1".utf8)) == nil)
        for index in sealed.indices {
            var tampered = sealed
            tampered[index] ^= 0x01
            #expect(AESGCM.open(tampered, key: key, associatedData: Array("user-1".utf8)) == nil, "byte \(index)")
        }
        #expect(AESGCM.open(Array(sealed.prefix(27)), key: key, associatedData: []) == nil)
    }

    @Test func eachSealUsesAFreshNonce() {
        let one = AESGCM.seal([1, 2, 3], key: key, associatedData: [])
        let two = AESGCM.seal([1, 2, 3], key: key, associatedData: [])
        #expect(one != two)
        #expect(AESGCM.open(one, key: key, associatedData: []) == [1, 2, 3])
    }

    /// Test Case 14 of the GCM specification (McGrew and Viega): 256-bit zero key, zero IV, one zero block;
    /// in the layout nonce ‖ ciphertext ‖ tag it must open.
    @Test func opensAKnownAnswer() throws {
        let zeroKey = [UInt8](repeating: 0, count: 32)
        let sealed =
            [UInt8](repeating: 0, count: 12) + bytes(hex: "cea7403d4d606b6e074ec5d3baf39d18")
            + bytes(hex: "d0d1c8a799996bf0265b98b5d48ab919")
        #expect(AESGCM.open(sealed, key: zeroKey, associatedData: []) == [UInt8](repeating: 0, count: 16))
    }
}
