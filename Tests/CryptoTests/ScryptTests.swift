import Crypto
import Testing

struct ScryptTests {
    @Test func emptyPasswordAndSaltMatchRFC7914Vector() {
        let key = Scrypt.derive(password: [], salt: [], n: 16, r: 1, p: 1, length: 64)
        #expect(
            key
                == bytes(
                    hex: """
                        77d6576238657b203b19ca42c18a0497f16b4844e3074ae8dfdffa3fede21442
                        fcd0069ded0948f8326a753a0fc81f17e8d3e0fb2e0d3628cf35e20c38d18906
                        """))
    }

    @Test func passwordNaClMatchesRFC7914Vector() {
        let key = Scrypt.derive(password: Array("password".utf8), salt: Array("NaCl".utf8), n: 1024, r: 8, p: 16, length: 64)
        #expect(
            key
                == bytes(
                    hex: """
                        fdbabe1c9d3472007856e7190d01e9fe7c6ad7cbc8237830e77376634b373162
                        2eaf30d92e22a3886ff109279d9830dac727afb94a83ee6d8360cbdfa2cc0640
                        """))
    }

    @Test func pleaseLetMeInMatchesRFC7914Vector() {
        let key = Scrypt.derive(
            password: Array("pleaseletmein".utf8), salt: Array("SodiumChloride".utf8), n: 16384, r: 8, p: 1, length: 64)
        #expect(
            key
                == bytes(
                    hex: """
                        7023bdcb3afd7348461c06cd81fd38ebfda8fbba904f8e3ea9b543f6545da1f2
                        d5432955613f0fcf62d49705242a9af9e61e85dc0d651e40dfcf017b45575887
                        """))
    }

    @Test func invalidParametersReturnNilInsteadOfTrapping() {
        #expect(Scrypt.derive(password: [1], salt: [2], n: 15, r: 1, p: 1, length: 32) == nil)
        #expect(Scrypt.derive(password: [1], salt: [2], n: 16, r: 0, p: 1, length: 32) == nil)
        #expect(Scrypt.derive(password: [1], salt: [2], n: 16, r: 1, p: 1, length: 0) == nil)
        #expect(Scrypt.derive(password: [1], salt: [2], n: .max, r: .max, p: 1, length: 32) == nil)
    }

    @Test func requiredMemoryCoversTheDefaultCostAndDetectsOverflow() {
        let expected: UInt64 = 128 * 8 * (32_768 + 2) + 128 * 8
        #expect(Scrypt.requiredMemory(n: 32_768, r: 8, p: 1) == expected)
        #expect(Scrypt.requiredMemory(n: .max, r: 1, p: 1) == nil)
        #expect(Scrypt.requiredMemory(n: 2, r: .max / 64, p: 1) == nil)
    }
}
