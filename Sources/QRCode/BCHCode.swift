/// The BCH codes that protect the format and version information, which a reader must trust before anything else.
package enum BCHCode {
    /// The 15 format bits: level and mask, BCH(15,5) protected, XORed with 0x5412 so they are never all light
    /// (ISO/IEC 18004 7.9.1).
    package static func formatInformation(errorCorrection: ErrorCorrection, mask: Int) -> Int {
        let data = errorCorrection.formatBits << 3 | mask
        return (data << 10 | remainder(of: data << 10, generator: 0x537, degree: 10)) ^ 0x5412
    }

    /// The 18 version bits for versions 7 and up: version number, BCH(18,6) protected (ISO/IEC 18004 7.10).
    package static func versionInformation(version: Int) -> Int {
        version << 12 | remainder(of: version << 12, generator: 0x1F25, degree: 12)
    }

    /// Polynomial division over GF(2).
    private static func remainder(of value: Int, generator: Int, degree: Int) -> Int {
        var value = value
        var bit = Int.bitWidth - value.leadingZeroBitCount - 1
        while bit >= degree {
            if value >> bit & 1 == 1 {
                value ^= generator << (bit - degree)
            }
            bit -= 1
        }
        return value
    }
}
