/// A QR code symbol (ISO/IEC 18004), encoded in byte mode, ready to be drawn module by module.
///
/// Portico shows TOTP secrets as QR codes on a page that runs no JavaScript, so the symbol is encoded here and
/// rendered as inline SVG rather than by a script or an outside service that would see the secret.
package struct QRCode: Sendable, Equatable {
    /// 1 to 40; the symbol is 17 + 4 × version modules wide.
    package let version: Int
    package let errorCorrection: ErrorCorrection
    /// The data mask pattern, 0 to 7.
    package let mask: Int
    /// Modules per side, without the quiet zone.
    package let size: Int
    /// Row-major, true for dark.
    private let modules: [Bool]

    /// Encodes bytes in the smallest version that holds them, choosing the mask with the lowest penalty.
    package static func encode(_ bytes: [UInt8], errorCorrection: ErrorCorrection = .medium) throws(QRCodeError) -> QRCode {
        try encode(bytes, errorCorrection: errorCorrection, mask: nil)
    }

    /// Encodes text as UTF-8 without an ECI header, which is what phone cameras and authenticator apps expect.
    package static func encode(_ text: String, errorCorrection: ErrorCorrection = .medium) throws(QRCodeError) -> QRCode {
        try encode(Array(text.utf8), errorCorrection: errorCorrection)
    }

    /// Encodes with the given mask, or the best one when `mask` is nil; tests force masks to compare with
    /// other encoders.
    package static func encode(_ bytes: [UInt8], errorCorrection: ErrorCorrection, mask: Int?) throws(QRCodeError) -> QRCode {
        precondition(mask.map(DataMask.all.contains) ?? true, "mask must be in 0...7")
        guard
            let version = SymbolLayout.versions.first(where: {
                bytes.count <= SymbolLayout.byteCapacity(version: $0, errorCorrection: errorCorrection)
            })
        else {
            throw .dataTooLong(byteCount: bytes.count, capacity: SymbolLayout.byteCapacity(version: 40, errorCorrection: errorCorrection))
        }

        var grid = ModuleGrid(version: version)
        grid.place(codewords: CodewordSequence.make(bytes: bytes, version: version, errorCorrection: errorCorrection))
        let chosenMask = mask ?? bestMask(for: grid)
        grid.apply(mask: chosenMask)
        grid.drawFormat(errorCorrection: errorCorrection, mask: chosenMask)
        grid.drawVersion(version)
        return QRCode(version: version, errorCorrection: errorCorrection, mask: chosenMask, size: grid.size, modules: grid.modules)
    }

    /// Whether the module in column `x` and row `y` is dark; (0, 0) is the top-left corner.
    package subscript(x x: Int, y y: Int) -> Bool {
        precondition((0..<size).contains(x) && (0..<size).contains(y), "module (\(x), \(y)) is outside the symbol")
        return modules[y * size + x]
    }

    /// The lowest-scoring mask; on a tie the lower number wins.
    private static func bestMask(for unmasked: ModuleGrid) -> Int {
        var best = (mask: 0, score: Int.max)
        for mask in DataMask.all {
            var grid = unmasked
            grid.apply(mask: mask)
            let score = MaskPenalty.score(grid)
            if score < best.score {
                best = (mask, score)
            }
        }
        return best.mask
    }
}
