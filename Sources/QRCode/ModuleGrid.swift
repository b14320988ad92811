/// The square of modules being built, with a note of which ones belong to function patterns and so carry no data.
struct ModuleGrid {
    let size: Int
    /// Row-major, true for dark.
    private(set) var modules: [Bool]
    private var isFunction: [Bool]

    /// A grid with every function pattern drawn and the format and version areas reserved, still light.
    init(version: Int) {
        size = SymbolLayout.size(version: version)
        modules = Array(repeating: false, count: size * size)
        isFunction = Array(repeating: false, count: size * size)

        for index in 8..<(size - 8) {
            setFunction(x: index, y: 6, dark: index % 2 == 0)
            setFunction(x: 6, y: index, dark: index % 2 == 0)
        }
        drawFinder(centerX: 3, centerY: 3)
        drawFinder(centerX: size - 4, centerY: 3)
        drawFinder(centerX: 3, centerY: size - 4)

        let centers = SymbolLayout.alignmentCenters(version: version)
        let last = centers.count - 1
        for (row, y) in centers.enumerated() {
            for (column, x) in centers.enumerated() {
                // The three corners taken by finder patterns get no alignment pattern.
                let overlapsFinder = (row == 0 && column == 0) || (row == 0 && column == last) || (row == last && column == 0)
                if !overlapsFinder {
                    drawAlignment(centerX: x, centerY: y)
                }
            }
        }

        // Reserved now, drawn once the mask is known; the dark module is among them. Row and column 6 keep
        // their timing modules.
        for index in 0...8 where index != 6 {
            setFunction(x: 8, y: index, dark: false)
            setFunction(x: index, y: 8, dark: false)
        }
        for index in 0..<8 {
            setFunction(x: size - 1 - index, y: 8, dark: false)
            setFunction(x: 8, y: size - 1 - index, dark: false)
        }
        if version >= 7 {
            for index in 0..<18 {
                setFunction(x: size - 11 + index % 3, y: index / 3, dark: false)
                setFunction(x: index / 3, y: size - 11 + index % 3, dark: false)
            }
        }
    }

    subscript(x x: Int, y y: Int) -> Bool {
        modules[y * size + x]
    }

    /// Places the codewords' bits, most significant first, in two-module columns that snake up and down from the
    /// bottom right, skipping function modules and the vertical timing column (ISO/IEC 18004 7.7.3).
    mutating func place(codewords: [UInt8]) {
        var bitIndex = 0
        let bitCount = codewords.count * 8
        var right = size - 1
        while right >= 1 {
            if right == 6 {
                right = 5
            }
            let upward = (right + 1) & 2 == 0
            for step in 0..<size {
                let y = upward ? size - 1 - step : step
                for x in [right, right - 1] where !isFunction[y * size + x] && bitIndex < bitCount {
                    modules[y * size + x] = codewords[bitIndex >> 3] >> (7 - bitIndex & 7) & 1 == 1
                    bitIndex += 1
                }
            }
            right -= 2
        }
    }

    /// Inverts the data modules that the mask selects; applying it twice restores the grid.
    mutating func apply(mask: Int) {
        for y in 0..<size {
            for x in 0..<size where !isFunction[y * size + x] && DataMask.inverts(mask, x: x, y: y) {
                modules[y * size + x].toggle()
            }
        }
    }

    /// Draws both copies of the format information and the dark module beside the bottom-left finder.
    mutating func drawFormat(errorCorrection: ErrorCorrection, mask: Int) {
        let bits = BCHCode.formatInformation(errorCorrection: errorCorrection, mask: mask)
        func bit(_ index: Int) -> Bool { bits >> index & 1 == 1 }

        // Around the top-left finder, stepping over the timing patterns at row and column 6.
        for index in 0...5 {
            setFunction(x: 8, y: index, dark: bit(index))
        }
        setFunction(x: 8, y: 7, dark: bit(6))
        setFunction(x: 8, y: 8, dark: bit(7))
        setFunction(x: 7, y: 8, dark: bit(8))
        for index in 9..<15 {
            setFunction(x: 14 - index, y: 8, dark: bit(index))
        }

        // Split between the other two finders.
        for index in 0..<8 {
            setFunction(x: size - 1 - index, y: 8, dark: bit(index))
        }
        for index in 8..<15 {
            setFunction(x: 8, y: size - 15 + index, dark: bit(index))
        }
        setFunction(x: 8, y: size - 8, dark: true)
    }

    /// Draws the two 6×3 copies of the version information; versions below 7 have none.
    mutating func drawVersion(_ version: Int) {
        guard version >= 7 else { return }
        let bits = BCHCode.versionInformation(version: version)
        for index in 0..<18 {
            let dark = bits >> index & 1 == 1
            setFunction(x: size - 11 + index % 3, y: index / 3, dark: dark)
            setFunction(x: index / 3, y: size - 11 + index % 3, dark: dark)
        }
    }

    /// A 7×7 finder with its light separator, clipped at the symbol's edge.
    private mutating func drawFinder(centerX: Int, centerY: Int) {
        for dy in -4...4 {
            for dx in -4...4 {
                let x = centerX + dx
                let y = centerY + dy
                guard (0..<size).contains(x), (0..<size).contains(y) else { continue }
                let ring = max(abs(dx), abs(dy))
                setFunction(x: x, y: y, dark: ring != 2 && ring != 4)
            }
        }
    }

    private mutating func drawAlignment(centerX: Int, centerY: Int) {
        for dy in -2...2 {
            for dx in -2...2 {
                setFunction(x: centerX + dx, y: centerY + dy, dark: max(abs(dx), abs(dy)) != 1)
            }
        }
    }

    private mutating func setFunction(x: Int, y: Int, dark: Bool) {
        modules[y * size + x] = dark
        isFunction[y * size + x] = true
    }
}
