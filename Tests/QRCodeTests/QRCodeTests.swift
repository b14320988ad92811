import QRCode
import Testing

struct QRCodeTests {
    @Test(arguments: MatrixFixture.names)
    func matchesSegnoModuleForModuleIncludingItsMaskChoice(name: String) throws {
        let fixture = try MatrixFixture(named: name)
        let code = try QRCode.encode(fixture.text, errorCorrection: fixture.errorCorrection)

        #expect(code.version == fixture.version)
        #expect(code.errorCorrection == fixture.errorCorrection)
        #expect(code.mask == fixture.mask)
        #expect(code.size == fixture.rows.count)
        #expect(code.rows == fixture.rows)
    }

    @Test func usesEveryMaskAsForcedAndOnlyTheDataModulesChange() throws {
        let bytes = Array("otpauth://totp/Portico:alice?secret=JBSWY3DPEHPK3PXP".utf8)
        let codes = try (0...7).map { try QRCode.encode(bytes, errorCorrection: .medium, mask: $0) }

        #expect(codes.map(\.mask) == Array(0...7))
        #expect(Set(codes.map(\.rows)).count == 8)
        // The top-left finder is a function pattern and identical under every mask.
        for code in codes {
            #expect(code.rows.prefix(7).map { $0.prefix(7) } == codes[0].rows.prefix(7).map { $0.prefix(7) })
        }
    }

    @Test func encodesTextAsUTF8WithoutAnyOtherHeader() throws {
        let text = try QRCode.encode("ポータル", errorCorrection: .quartile)
        let bytes = try QRCode.encode(Array("ポータル".utf8), errorCorrection: .quartile)
        #expect(text == bytes)
    }

    @Test func defaultsToMediumErrorCorrection() throws {
        #expect(try QRCode.encode("HELLO").errorCorrection == .medium)
    }

    @Test(arguments: [
        // (bytes, level, version): the last byte count each version holds, and one more.
        (14, ErrorCorrection.medium, 1), (15, .medium, 2), (17, .low, 1), (18, .low, 2),
        (230, .low, 9), (231, .low, 10), (2953, .low, 40), (1273, .high, 40), (0, .high, 1),
    ])
    func choosesTheSmallestVersionThatHoldsTheBytes(byteCount: Int, errorCorrection: ErrorCorrection, version: Int) throws {
        let code = try QRCode.encode([UInt8](repeating: 0x61, count: byteCount), errorCorrection: errorCorrection)
        #expect(code.version == version)
        #expect(code.size == 17 + 4 * version)
    }

    @Test(arguments: [(2954, ErrorCorrection.low, 2953), (1274, .high, 1273), (10_000, .medium, 2331)])
    func rejectsBytesBeyondWhatVersion40Holds(byteCount: Int, errorCorrection: ErrorCorrection, capacity: Int) {
        #expect(throws: QRCodeError.dataTooLong(byteCount: byteCount, capacity: capacity)) {
            try QRCode.encode([UInt8](repeating: 0x61, count: byteCount), errorCorrection: errorCorrection)
        }
    }
}
