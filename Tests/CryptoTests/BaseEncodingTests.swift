import Crypto
import Testing

struct BaseEncodingTests {
    /// RFC 4648 §10, with the padding the RFC prints.
    static let base32Vectors: [(String, String)] = [
        ("", ""), ("f", "MY======"), ("fo", "MZXQ===="), ("foo", "MZXW6==="),
        ("foob", "MZXW6YQ="), ("fooba", "MZXW6YTB"), ("foobar", "MZXW6YTBOI======"),
    ]

    /// RFC 4648 §10, with the padding removed.
    static let base64Vectors: [(String, String)] = [
        ("", ""), ("f", "Zg"), ("fo", "Zm8"), ("foo", "Zm9v"), ("foob", "Zm9vYg"), ("fooba", "Zm9vYmE"), ("foobar", "Zm9vYmFy"),
    ]

    @Test(arguments: base32Vectors)
    func base32EncodesRFC4648VectorsWithoutPadding(plain: String, encoded: String) {
        #expect(Base32.encode(Array(plain.utf8)) == encoded.filter { $0 != "=" })
    }

    @Test(arguments: base32Vectors)
    func base32DecodesRFC4648VectorsWithAndWithoutPadding(plain: String, encoded: String) {
        #expect(Base32.decode(encoded) == Array(plain.utf8))
        #expect(Base32.decode(encoded.filter { $0 != "=" }) == Array(plain.utf8))
    }

    @Test func base32DecodeAcceptsLowercaseAndSpaces() {
        #expect(Base32.decode("mzxw 6ytb oi") == Array("foobar".utf8))
        #expect(Base32.decode("GEZD GNBV GY3T QOJQ GEZD GNBV GY3T QOJQ") == Array("12345678901234567890".utf8))
    }

    @Test(arguments: [
        "MZXW1", "MZXW6!", "MY=A", "M", "MZX", "MZXW6Y", "MZ======", "MY====", "========", "MZXW6YTBO=I",
        "MÜXW",
    ])
    func base32DecodeRejectsInvalidInput(text: String) {
        #expect(Base32.decode(text) == nil)
    }

    @Test func base32RoundTripsEveryLength() {
        for count in 0...40 {
            let bytes = SecureRandom.bytes(count)
            #expect(Base32.decode(Base32.encode(bytes)) == bytes)
        }
    }

    @Test(arguments: base64Vectors)
    func base64URLMatchesRFC4648VectorsWithoutPadding(plain: String, encoded: String) {
        #expect(Base64URL.encode(Array(plain.utf8)) == encoded)
        #expect(Base64URL.decode(encoded) == Array(plain.utf8))
    }

    @Test func base64URLUsesTheURLSafeAlphabet() {
        #expect(Base64URL.encode([0xfb, 0xff, 0xbf]) == "-_-_")
        #expect(Base64URL.decode("-_-_") == [0xfb, 0xff, 0xbf])
    }

    @Test(arguments: ["Zg==", "Zm9v+A", "Zm9v/A", "Z", "Zm9vY", "Zh", "Zm9=", "Zm 9v", "Zm9v\n"])
    func base64URLDecodeRejectsPaddingForeignCharactersAndNonCanonicalEndings(text: String) {
        #expect(Base64URL.decode(text) == nil)
    }

    @Test func base64URLRoundTripsEveryLength() {
        for count in 0...40 {
            let bytes = SecureRandom.bytes(count)
            #expect(Base64URL.decode(Base64URL.encode(bytes)) == bytes)
        }
    }
}
