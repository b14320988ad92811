import Testing
import WebAuthn

/// One RFC 8949 Appendix A example: the encoding and the value it stands for.
struct CBORVector: Sendable, CustomTestStringConvertible {
    let hex: String
    let value: CBOR
    /// Whether `encoded` gives the same bytes back (false where the RFC uses a shorter float form).
    let canonical: Bool

    init(_ hex: String, _ value: CBOR, canonical: Bool = true) {
        self.hex = hex
        self.value = value
        self.canonical = canonical
    }

    var testDescription: String { hex }
}

struct CBORDecoderTests {
    /// RFC 8949 Appendix A, the examples whose types `CBOR` has (all but bignums' arithmetic, which stay tags).
    static let vectors: [CBORVector] = [
        CBORVector("00", .unsigned(0)),
        CBORVector("01", .unsigned(1)),
        CBORVector("0a", .unsigned(10)),
        CBORVector("17", .unsigned(23)),
        CBORVector("1818", .unsigned(24)),
        CBORVector("1819", .unsigned(25)),
        CBORVector("1864", .unsigned(100)),
        CBORVector("1903e8", .unsigned(1000)),
        CBORVector("1a000f4240", .unsigned(1_000_000)),
        CBORVector("1b000000e8d4a51000", .unsigned(1_000_000_000_000)),
        CBORVector("1bffffffffffffffff", .unsigned(18_446_744_073_709_551_615)),
        CBORVector("c249010000000000000000", .tagged(2, .bytes(bytes(hex: "010000000000000000")))),
        CBORVector("3bffffffffffffffff", .negative(18_446_744_073_709_551_615)),
        CBORVector("c349010000000000000000", .tagged(3, .bytes(bytes(hex: "010000000000000000")))),
        CBORVector("20", .negative(0)),
        CBORVector("29", .negative(9)),
        CBORVector("3863", .negative(99)),
        CBORVector("3903e7", .negative(999)),
        CBORVector("f90000", .float(0.0), canonical: false),
        CBORVector("f98000", .float(-0.0), canonical: false),
        CBORVector("f93c00", .float(1.0), canonical: false),
        CBORVector("fb3ff199999999999a", .float(1.1)),
        CBORVector("f93e00", .float(1.5), canonical: false),
        CBORVector("f97bff", .float(65504.0), canonical: false),
        CBORVector("fa47c35000", .float(100000.0), canonical: false),
        CBORVector("fa7f7fffff", .float(3.4028234663852886e+38), canonical: false),
        CBORVector("fb7e37e43c8800759c", .float(1.0e+300)),
        CBORVector("f90001", .float(5.960464477539063e-8), canonical: false),
        CBORVector("f90400", .float(0.00006103515625), canonical: false),
        CBORVector("f9c400", .float(-4.0), canonical: false),
        CBORVector("fbc010666666666666", .float(-4.1)),
        CBORVector("f97c00", .float(.infinity), canonical: false),
        CBORVector("f9fc00", .float(-.infinity), canonical: false),
        CBORVector("fa7f800000", .float(.infinity), canonical: false),
        CBORVector("faff800000", .float(-.infinity), canonical: false),
        CBORVector("fb7ff0000000000000", .float(.infinity)),
        CBORVector("fbfff0000000000000", .float(-.infinity)),
        CBORVector("f4", .bool(false)),
        CBORVector("f5", .bool(true)),
        CBORVector("f6", .null),
        CBORVector("f7", .undefined),
        CBORVector("f0", .simple(16)),
        CBORVector("f8ff", .simple(255)),
        CBORVector("c074323031332d30332d32315432303a30343a30305a", .tagged(0, .text("2013-03-21T20:04:00Z"))),
        CBORVector("c11a514b67b0", .tagged(1, .unsigned(1_363_896_240))),
        CBORVector("c1fb41d452d9ec200000", .tagged(1, .float(1_363_896_240.5))),
        CBORVector("d74401020304", .tagged(23, .bytes([1, 2, 3, 4]))),
        CBORVector("d818456449455446", .tagged(24, .bytes(bytes(hex: "6449455446")))),
        CBORVector(
            "d82076687474703a2f2f7777772e6578616d706c652e636f6d", .tagged(32, .text("http://www.example.com"))),
        CBORVector("40", .bytes([])),
        CBORVector("4401020304", .bytes([1, 2, 3, 4])),
        CBORVector("60", .text("")),
        CBORVector("6161", .text("a")),
        CBORVector("6449455446", .text("IETF")),
        CBORVector("62225c", .text("\"\\")),
        CBORVector("62c3bc", .text("\u{00fc}")),
        CBORVector("63e6b0b4", .text("\u{6c34}")),
        CBORVector("64f0908591", .text("\u{10151}")),
        CBORVector("80", .array([])),
        CBORVector("83010203", .array([.unsigned(1), .unsigned(2), .unsigned(3)])),
        CBORVector(
            "8301820203820405",
            .array([.unsigned(1), .array([.unsigned(2), .unsigned(3)]), .array([.unsigned(4), .unsigned(5)])])),
        CBORVector(
            "98190102030405060708090a0b0c0d0e0f101112131415161718181819",
            .array((1...25).map { .unsigned(UInt64($0)) })),
        CBORVector("a0", .map([])),
        CBORVector(
            "a201020304",
            .map([CBOR.Entry(key: .unsigned(1), value: .unsigned(2)), CBOR.Entry(key: .unsigned(3), value: .unsigned(4))])),
        CBORVector(
            "a26161016162820203",
            .map([
                CBOR.Entry(key: .text("a"), value: .unsigned(1)),
                CBOR.Entry(key: .text("b"), value: .array([.unsigned(2), .unsigned(3)])),
            ])),
        CBORVector(
            "826161a161626163",
            .array([.text("a"), .map([CBOR.Entry(key: .text("b"), value: .text("c"))])])),
        CBORVector(
            "a56161614161626142616361436164614461656145",
            .map(
                ["a", "b", "c", "d", "e"].map { CBOR.Entry(key: .text($0), value: .text($0.uppercased())) })),
    ]

    @Test(arguments: vectors)
    func decodesTheRFCExample(_ vector: CBORVector) throws {
        let encoding = bytes(hex: vector.hex)
        let value = try CBORDecoder().decode(encoding)
        #expect(value == vector.value)
        if vector.canonical { #expect(value.encoded == encoding) }
        #expect(try CBORDecoder().decode(value.encoded) == value)
    }

    @Test func decodesHalfPrecisionNaN() throws {
        guard case .float(let value) = try CBORDecoder().decode(bytes(hex: "f97e00")) else {
            Issue.record("not a float")
            return
        }
        #expect(value.isNaN)
    }

    @Test func helpersReadIntegersTextAndBytes() throws {
        let map = try CBORDecoder().decode(bytes(hex: "a4 01 02 20 01 63 666d74 64 6e6f6e65 21 42 abcd"))
        #expect(map[intKey: 1]?.intValue == 2)
        #expect(map[intKey: -1]?.intValue == 1)
        #expect(map[textKey: "fmt"]?.textValue == "none")
        #expect(map[intKey: -2]?.bytesValue == [0xAB, 0xCD])
        #expect(map[intKey: 7] == nil)
        #expect(CBOR.unsigned(.max).intValue == nil)
        #expect(CBOR.negative(UInt64(Int64.max)).intValue == .min)
    }

    @Test func decodePrefixSaysHowMuchItRead() throws {
        let (value, consumed) = try CBORDecoder().decodePrefix(bytes(hex: "a1 01 02 ff ff"))
        #expect(value == .map([CBOR.Entry(key: .unsigned(1), value: .unsigned(2))]))
        #expect(consumed == 3)
    }

    /// An input the decoder must refuse, and the refusal it must give.
    struct Refusal: Sendable, CustomTestStringConvertible {
        let name: String
        let input: [UInt8]
        let reason: CBORError.Reason
        let offset: Int
        var testDescription: String { name }
    }

    static let refusals: [Refusal] = [
        Refusal(name: "empty input", input: [], reason: .truncated, offset: 0),
        Refusal(name: "indefinite-length byte string", input: bytes(hex: "5f 42 0102 ff"), reason: .indefiniteLength, offset: 0),
        Refusal(name: "indefinite-length array", input: bytes(hex: "82 01 9f 01 ff"), reason: .indefiniteLength, offset: 2),
        Refusal(name: "indefinite-length map", input: bytes(hex: "bf 61 61 01 ff"), reason: .indefiniteLength, offset: 0),
        Refusal(name: "lone break", input: bytes(hex: "ff"), reason: .indefiniteLength, offset: 0),
        Refusal(name: "reserved additional information 28", input: bytes(hex: "1c"), reason: .reservedAdditionalInformation(28), offset: 0),
        Refusal(name: "reserved in major type 7", input: bytes(hex: "fe"), reason: .reservedAdditionalInformation(30), offset: 0),
        Refusal(name: "truncated argument", input: bytes(hex: "19 01"), reason: .truncated, offset: 2),
        Refusal(name: "truncated byte string", input: bytes(hex: "44 0102"), reason: .lengthTooLarge(4), offset: 0),
        Refusal(name: "truncated array", input: bytes(hex: "83 01 02"), reason: .lengthTooLarge(3), offset: 0),
        Refusal(name: "map whose last value is cut short", input: bytes(hex: "a2 01 02 03 19"), reason: .truncated, offset: 5),
        Refusal(
            name: "huge byte string length", input: bytes(hex: "5b ffffffffffffffff 00"), reason: .lengthTooLarge(.max), offset: 0),
        Refusal(name: "huge array count", input: bytes(hex: "9b 00000000ffffffff 00"), reason: .lengthTooLarge(0xFFFF_FFFF), offset: 0),
        Refusal(name: "huge map count", input: bytes(hex: "ba 7fffffff"), reason: .lengthTooLarge(0x7FFF_FFFF), offset: 0),
        Refusal(name: "trailing bytes", input: bytes(hex: "01 02 03"), reason: .trailingBytes(2), offset: 1),
        Refusal(name: "duplicate map key", input: bytes(hex: "a2 01 02 01 03"), reason: .duplicateMapKey, offset: 3),
        Refusal(
            name: "duplicate text map key", input: bytes(hex: "a2 63 666d74 01 63 666d74 02"), reason: .duplicateMapKey, offset: 6),
        Refusal(name: "invalid UTF-8", input: bytes(hex: "62 c328"), reason: .invalidUTF8, offset: 0),
        Refusal(name: "UTF-8 surrogate", input: bytes(hex: "63 eda080"), reason: .invalidUTF8, offset: 0),
        Refusal(name: "overlong UTF-8", input: bytes(hex: "62 c0af"), reason: .invalidUTF8, offset: 0),
        Refusal(name: "two-byte simple value under 32", input: bytes(hex: "f8 14"), reason: .invalidSimpleValue(20), offset: 0),
        Refusal(
            name: "array depth bomb", input: [UInt8](repeating: 0x81, count: 100_000) + [0x00], reason: .inputTooLarge(65536), offset: 0),
        Refusal(name: "array nesting past 16", input: [UInt8](repeating: 0x81, count: 17) + [0x00], reason: .tooDeep(16), offset: 16),
        Refusal(name: "tag nesting past 16", input: [UInt8](repeating: 0xC6, count: 17) + [0x00], reason: .tooDeep(16), offset: 16),
        Refusal(
            name: "array of 1025", input: bytes(hex: "99 0401") + [UInt8](repeating: 0, count: 1025), reason: .lengthTooLarge(1025),
            offset: 0),
    ]

    @Test(arguments: refusals)
    func refuses(_ refusal: Refusal) {
        #expect(throws: CBORError(refusal.reason, at: refusal.offset)) { try CBORDecoder().decode(refusal.input) }
    }

    @Test func sixteenLevelsOfNestingAreAllowed() throws {
        let input = [UInt8](repeating: 0x81, count: 16) + [0x00]
        var value = try CBORDecoder().decode(input)
        for _ in 0..<16 {
            guard case .array(let elements) = value, elements.count == 1 else {
                Issue.record("not a one-element array")
                return
            }
            value = elements[0]
        }
        #expect(value == .unsigned(0))
    }

    @Test func manySmallContainersHitTheTotalItemLimit() {
        // 1000 arrays of 20 zeros: each container is small, the whole is 21,001 items.
        let inner = [0x94] + [UInt8](repeating: 0, count: 20)
        let input = bytes(hex: "9903e8") + Array([[UInt8]](repeating: inner, count: 1000).joined())
        // Item 16,385 is the fourth of the 781st inner array: 3 + 780 * 21 + 3.
        #expect(throws: CBORError(.tooManyItems(16 * 1024), at: 16_386)) {
            try CBORDecoder().decode(input)
        }
    }

    @Test func limitsCanBeTightened() throws {
        var limits = CBORDecoder.Limits()
        limits.maxDepth = 1
        limits.maxContainerCount = 2
        let decoder = CBORDecoder(limits: limits)
        #expect(try decoder.decode(bytes(hex: "82 01 02")) == .array([.unsigned(1), .unsigned(2)]))
        #expect(throws: CBORError(.lengthTooLarge(3), at: 0)) { try decoder.decode(bytes(hex: "83 01 02 03")) }
        #expect(throws: CBORError(.tooDeep(1), at: 1)) { try decoder.decode(bytes(hex: "81 81 01")) }
    }

    @Test func errorsSayWhatAndWhere() {
        let error = CBORError(.duplicateMapKey, at: 3)
        #expect(error.description == "CBOR: a map has the same key twice (byte 3)")
    }
}
