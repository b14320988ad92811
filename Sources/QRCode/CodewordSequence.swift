/// Turns bytes into the final interleaved sequence of data and error correction codewords for one symbol.
enum CodewordSequence {
    /// Byte mode segment, terminator and padding (ISO/IEC 18004 7.4), then blocks and interleaving (7.6).
    static func make(bytes: [UInt8], version: Int, errorCorrection: ErrorCorrection) -> [UInt8] {
        let capacity = SymbolLayout.dataCodewords(version: version, errorCorrection: errorCorrection)
        var buffer = BitBuffer()
        buffer.append(0b0100, bitCount: 4)
        buffer.append(bytes.count, bitCount: SymbolLayout.characterCountBits(version: version))
        for byte in bytes {
            buffer.append(Int(byte), bitCount: 8)
        }
        buffer.append(0, bitCount: min(4, capacity * 8 - buffer.count))
        buffer.append(0, bitCount: (8 - buffer.count % 8) % 8)
        var data = buffer.bytes
        // The pad codewords alternate so that a filled symbol does not end in a long uniform run.
        for index in 0..<(capacity - data.count) {
            data.append(index % 2 == 0 ? 0xEC : 0x11)
        }
        return interleave(data: data, version: version, errorCorrection: errorCorrection)
    }

    /// Splits data into blocks, appends each block's error correction, and takes codewords column by column
    /// so that a burst of damage is spread over many blocks.
    ///
    /// When the data does not divide evenly, the first blocks are one codeword shorter (ISO/IEC 18004 Table 9).
    static func interleave(data: [UInt8], version: Int, errorCorrection: ErrorCorrection) -> [UInt8] {
        let blockCount = errorCorrection.blockCount(version: version)
        let correctionCount = errorCorrection.codewordsPerBlock(version: version)
        let shortBlockCount = blockCount - data.count % blockCount
        let shortBlockLength = data.count / blockCount

        var blocks: [[UInt8]] = []
        var start = 0
        for index in 0..<blockCount {
            let length = shortBlockLength + (index < shortBlockCount ? 0 : 1)
            blocks.append(Array(data[start..<start + length]))
            start += length
        }
        let corrections = blocks.map { ReedSolomon.errorCorrection(for: $0, count: correctionCount) }

        var result: [UInt8] = []
        result.reserveCapacity(data.count + blockCount * correctionCount)
        for column in 0...shortBlockLength {
            for block in blocks where column < block.count {
                result.append(block[column])
            }
        }
        for column in 0..<correctionCount {
            for correction in corrections {
                result.append(correction[column])
            }
        }
        return result
    }
}
