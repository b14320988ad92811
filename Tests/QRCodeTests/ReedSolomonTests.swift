import QRCode
import Testing

struct ReedSolomonTests {
    @Test(arguments: [
        // ISO/IEC 18004 Annex I: "01234567" as 1-M.
        (
            [16, 32, 12, 86, 97, 128, 236, 17, 236, 17, 236, 17, 236, 17, 236, 17] as [UInt8],
            [165, 36, 212, 193, 237, 54, 199, 135, 44, 85] as [UInt8]
        ),
        // "HELLO WORLD" in alphanumeric mode as 1-M.
        (
            [32, 91, 11, 120, 209, 114, 220, 77, 67, 64, 236, 17, 236, 17, 236, 17],
            [196, 35, 39, 119, 235, 215, 231, 226, 93, 23]
        ),
    ])
    func errorCorrectionMatchesPublishedCodewords(data: [UInt8], expected: [UInt8]) {
        #expect(ReedSolomon.errorCorrection(for: data, count: expected.count) == expected)
    }

    @Test func errorCorrectionOfAllZeroDataIsZero() {
        #expect(ReedSolomon.errorCorrection(for: [0, 0, 0, 0], count: 7) == [0, 0, 0, 0, 0, 0, 0])
    }
}
