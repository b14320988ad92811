import QRCode
import Testing

struct BCHCodeTests {
    @Test(arguments: [
        // ISO/IEC 18004 Annex C, Table C.1.
        (ErrorCorrection.medium, 0, 0x5412), (.medium, 5, 0x40CE), (.low, 0, 0x77C4), (.low, 7, 0x6976),
        (.quartile, 5, 0x2183), (.quartile, 7, 0x2BED), (.high, 0, 0x1689), (.high, 5, 0x0255),
    ])
    func formatInformationIsMaskedBCH15_5(errorCorrection: ErrorCorrection, mask: Int, expected: Int) {
        #expect(BCHCode.formatInformation(errorCorrection: errorCorrection, mask: mask) == expected)
    }

    @Test(arguments: [(7, 0x07C94), (8, 0x085BC), (40, 0x28C69)])
    func versionInformationIsBCH18_6(version: Int, expected: Int) {
        #expect(BCHCode.versionInformation(version: version) == expected)
    }
}
