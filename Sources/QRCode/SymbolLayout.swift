/// Geometry and capacity of a QR code version, computed rather than tabulated where ISO/IEC 18004 allows.
enum SymbolLayout {
    static let versions = 1...40

    /// Modules per side.
    static func size(version: Int) -> Int {
        version * 4 + 17
    }

    /// Row and column centres of the alignment patterns (ISO/IEC 18004 Annex E).
    ///
    /// The centres are evenly spaced from the far edge back towards column 6, with an even step so that they
    /// sit on dark timing modules; version 32 is the one version whose step the standard rounds differently.
    static func alignmentCenters(version: Int) -> [Int] {
        guard version > 1 else { return [] }
        let count = version / 7 + 2
        let step = version == 32 ? 26 : (version * 4 + count * 2 + 1) / (count * 2 - 2) * 2
        var centers = [6]
        for index in 0..<(count - 1) {
            centers.insert(size(version: version) - 7 - index * step, at: 1)
        }
        return centers
    }

    /// Codewords, data and error correction together, that fit after the function patterns are drawn.
    static func totalCodewords(version: Int) -> Int {
        var modules = (16 * version + 128) * version + 64
        if version >= 2 {
            let alignments = version / 7 + 2
            modules -= (25 * alignments - 10) * alignments - 55
            if version >= 7 {
                modules -= 36
            }
        }
        // Versions 2 to 40 leave 3, 4 or 7 remainder bits that carry no codeword.
        return modules / 8
    }

    static func dataCodewords(version: Int, errorCorrection: ErrorCorrection) -> Int {
        totalCodewords(version: version)
            - errorCorrection.codewordsPerBlock(version: version) * errorCorrection.blockCount(version: version)
    }

    /// Width of the byte mode character count indicator.
    static func characterCountBits(version: Int) -> Int {
        version <= 9 ? 8 : 16
    }

    /// Bytes that byte mode can carry in this version at this level.
    static func byteCapacity(version: Int, errorCorrection: ErrorCorrection) -> Int {
        let bits = dataCodewords(version: version, errorCorrection: errorCorrection) * 8
        return (bits - 4 - characterCountBits(version: version)) / 8
    }
}
