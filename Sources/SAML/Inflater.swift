/// Raw DEFLATE (RFC 1951) decoding, for SAML messages sent by the HTTP-Redirect binding.
///
/// Portico links no zlib, and identity providers compress their redirect messages, so this is a small
/// decoder after Mark Adler's `puff.c`: canonical Huffman codes decoded a bit at a time, every length
/// checked. It reads untrusted input before any signature is checked, so the output is bounded
/// (`limit`), back references may not reach before the start, and malformed codes are errors, never traps.
enum Inflater {
    struct Failure: Error, Equatable {
        let reason: String
    }

    /// `data` inflated; throws when it is not a complete raw DEFLATE stream or would exceed `limit` bytes.
    static func inflate(_ data: [UInt8], limit: Int) throws(Failure) -> [UInt8] {
        var state = State(input: data, limit: limit)
        var last = false
        while !last {
            last = try state.bits(1) == 1
            switch try state.bits(2) {
            case 0: try state.stored()
            case 1: try state.codes(lengths: Self.fixedLengths, distances: Self.fixedDistances)
            case 2:
                let (lengths, distances) = try state.dynamicTables()
                try state.codes(lengths: lengths, distances: distances)
            default: throw Failure(reason: "a block of the reserved type 3")
            }
        }
        return state.output
    }

    /// A canonical Huffman code: how many codes of each length, and the symbols in code order.
    struct Huffman {
        var counts = [Int](repeating: 0, count: 16)
        var symbols: [Int]

        /// Builds the code from each symbol's code length; refuses an over-subscribed set.
        init(lengths: [Int]) throws(Failure) {
            symbols = [Int](repeating: 0, count: lengths.count)
            for length in lengths { counts[length] += 1 }
            var left = 1
            for length in 1..<16 {
                left = left * 2 - counts[length]
                guard left >= 0 else { throw Failure(reason: "an over-subscribed Huffman code") }
            }
            var offsets = [Int](repeating: 0, count: 16)
            for length in 1..<15 { offsets[length + 1] = offsets[length] + counts[length] }
            for (symbol, length) in lengths.enumerated() where length != 0 {
                symbols[offsets[length]] = symbol
                offsets[length] += 1
            }
        }
    }

    static let lengthBases = [
        3, 4, 5, 6, 7, 8, 9, 10, 11, 13, 15, 17, 19, 23, 27, 31, 35, 43, 51, 59, 67, 83, 99, 115, 131, 163, 195, 227, 258,
    ]
    static let lengthExtra = [0, 0, 0, 0, 0, 0, 0, 0, 1, 1, 1, 1, 2, 2, 2, 2, 3, 3, 3, 3, 4, 4, 4, 4, 5, 5, 5, 5, 0]
    static let distanceBases = [
        1, 2, 3, 4, 5, 7, 9, 13, 17, 25, 33, 49, 65, 97, 129, 193, 257, 385, 513, 769, 1025, 1537, 2049, 3073, 4097, 6145, 8193, 12289,
        16385, 24577,
    ]
    static let distanceExtra = [0, 0, 0, 0, 1, 1, 2, 2, 3, 3, 4, 4, 5, 5, 6, 6, 7, 7, 8, 8, 9, 9, 10, 10, 11, 11, 12, 12, 13, 13]
    /// The order code-length code lengths are sent in (RFC 1951 §3.2.7).
    static let codeLengthOrder = [16, 17, 18, 0, 8, 7, 9, 6, 10, 5, 11, 4, 12, 3, 13, 2, 14, 1, 15]

    static let fixedLengths: Huffman = {
        var lengths = [Int](repeating: 8, count: 288)
        for symbol in 144..<256 { lengths[symbol] = 9 }
        for symbol in 256..<280 { lengths[symbol] = 7 }
        return try! Huffman(lengths: lengths)
    }()
    static let fixedDistances = try! Huffman(lengths: [Int](repeating: 5, count: 30))

    struct State {
        let input: [UInt8]
        let limit: Int
        var position = 0
        var bitBuffer = 0
        var bitCount = 0
        var output: [UInt8] = []

        init(input: [UInt8], limit: Int) {
            self.input = input
            self.limit = limit
        }

        mutating func bits(_ needed: Int) throws(Failure) -> Int {
            var value = bitBuffer
            while bitCount < needed {
                guard position < input.count else { throw Failure(reason: "the stream ends early") }
                value |= Int(input[position]) << bitCount
                position += 1
                bitCount += 8
            }
            bitBuffer = value >> needed
            bitCount -= needed
            return value & ((1 << needed) - 1)
        }

        mutating func append(_ byte: UInt8) throws(Failure) {
            guard output.count < limit else { throw Failure(reason: "more than \(limit) bytes inflated") }
            output.append(byte)
        }

        mutating func stored() throws(Failure) {
            bitBuffer = 0
            bitCount = 0
            guard position + 4 <= input.count else { throw Failure(reason: "a stored block's header is cut short") }
            let length = Int(input[position]) | Int(input[position + 1]) << 8
            let complement = Int(input[position + 2]) | Int(input[position + 3]) << 8
            guard length == ~complement & 0xFFFF else { throw Failure(reason: "a stored block's length and its complement disagree") }
            position += 4
            guard position + length <= input.count else { throw Failure(reason: "a stored block is cut short") }
            for byte in input[position..<(position + length)] { try append(byte) }
            position += length
        }

        mutating func decode(_ code: Huffman) throws(Failure) -> Int {
            var value = 0
            var first = 0
            var index = 0
            for length in 1..<16 {
                value |= try bits(1)
                let count = code.counts[length]
                if value - count < first { return code.symbols[index + (value - first)] }
                index += count
                first = (first + count) << 1
                value <<= 1
            }
            throw Failure(reason: "a code that is in no Huffman table")
        }

        mutating func codes(lengths: Huffman, distances: Huffman) throws(Failure) {
            while true {
                let symbol = try decode(lengths)
                if symbol < 256 {
                    try append(UInt8(symbol))
                } else if symbol == 256 {
                    return
                } else {
                    let lengthIndex = symbol - 257
                    guard lengthIndex < 29 else { throw Failure(reason: "a length code above 285") }
                    let length = Inflater.lengthBases[lengthIndex] + (try bits(Inflater.lengthExtra[lengthIndex]))
                    let distanceIndex = try decode(distances)
                    guard distanceIndex < 30 else { throw Failure(reason: "a distance code above 29") }
                    let distance = Inflater.distanceBases[distanceIndex] + (try bits(Inflater.distanceExtra[distanceIndex]))
                    guard distance <= output.count else { throw Failure(reason: "a distance before the start") }
                    for _ in 0..<length { try append(output[output.count - distance]) }
                }
            }
        }

        mutating func dynamicTables() throws(Failure) -> (Huffman, Huffman) {
            let literalCount = try bits(5) + 257
            let distanceCount = try bits(5) + 1
            let codeLengthCount = try bits(4) + 4
            guard literalCount <= 286, distanceCount <= 30 else { throw Failure(reason: "too many codes in a dynamic block") }
            var codeLengths = [Int](repeating: 0, count: 19)
            for index in 0..<codeLengthCount { codeLengths[Inflater.codeLengthOrder[index]] = try bits(3) }
            let codeLengthCode = try Huffman(lengths: codeLengths)
            var lengths: [Int] = []
            while lengths.count < literalCount + distanceCount {
                let symbol = try decode(codeLengthCode)
                switch symbol {
                case 0..<16: lengths.append(symbol)
                case 16:
                    guard let previous = lengths.last else { throw Failure(reason: "a repeat with nothing before it") }
                    lengths += [Int](repeating: previous, count: 3 + (try bits(2)))
                case 17: lengths += [Int](repeating: 0, count: 3 + (try bits(3)))
                default: lengths += [Int](repeating: 0, count: 11 + (try bits(7)))
                }
            }
            guard lengths.count == literalCount + distanceCount else { throw Failure(reason: "code lengths run past the tables") }
            guard lengths[256] != 0 else { throw Failure(reason: "no end-of-block code") }
            return (try Huffman(lengths: Array(lengths[..<literalCount])), try Huffman(lengths: Array(lengths[literalCount...])))
        }
    }
}
