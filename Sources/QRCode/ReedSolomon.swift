/// Reed–Solomon error correction over GF(256) with the QR code polynomial x⁸ + x⁴ + x³ + x² + 1 (0x11D).
package enum ReedSolomon {
    /// The `count` error correction codewords for one block of data codewords.
    ///
    /// They are the remainder of data(x)·x^count divided by the generator polynomial (x − α⁰)…(x − α^(count−1)),
    /// which is what a decoder checks syndromes against (ISO/IEC 18004 7.5.2).
    package static func errorCorrection(for data: [UInt8], count: Int) -> [UInt8] {
        let generator = generator(degree: count)
        var remainder = [UInt8](repeating: 0, count: count)
        for byte in data {
            let factor = byte ^ remainder[0]
            remainder.removeFirst()
            remainder.append(0)
            for index in 0..<count {
                remainder[index] ^= multiply(generator[index], factor)
            }
        }
        return remainder
    }

    /// Coefficients of the monic generator polynomial, highest degree first, without the leading 1.
    static func generator(degree: Int) -> [UInt8] {
        var coefficients = [UInt8](repeating: 0, count: degree)
        coefficients[degree - 1] = 1
        var root: UInt8 = 1
        for _ in 0..<degree {
            // Multiply by (x − root); subtraction is XOR in GF(2⁸).
            for index in 0..<degree {
                coefficients[index] = multiply(coefficients[index], root)
                if index + 1 < degree {
                    coefficients[index] ^= coefficients[index + 1]
                }
            }
            root = multiply(root, 2)
        }
        return coefficients
    }

    static func multiply(_ lhs: UInt8, _ rhs: UInt8) -> UInt8 {
        guard lhs != 0, rhs != 0 else { return 0 }
        return exponents[(Int(logarithms[Int(lhs)]) + Int(logarithms[Int(rhs)])) % 255]
    }

    private static let exponents: [UInt8] = {
        var table = [UInt8](repeating: 0, count: 255)
        var value = 1
        for power in 0..<255 {
            table[power] = UInt8(value)
            value <<= 1
            if value > 0xFF {
                value ^= 0x11D
            }
        }
        return table
    }()

    private static let logarithms: [UInt8] = {
        var table = [UInt8](repeating: 0, count: 256)
        for (power, value) in exponents.enumerated() {
            table[Int(value)] = UInt8(power)
        }
        return table
    }()
}
