import Foundation
import TestSupport
import Testing

@testable import SAML

/// The redirect binding's DEFLATE, read back by a stored-block reader written here and by gzip.
struct StoredDeflateTests {
    /// Reads a raw DEFLATE stream that holds only stored blocks, checking every length against its complement
    /// and that nothing follows the final block; nil if it is anything else.
    static func inflateStored(_ stream: [UInt8]) -> [UInt8]? {
        var output: [UInt8] = []
        var index = 0
        while index < stream.count {
            let header = stream[index]
            // BFINAL in bit 0, BTYPE in bits 1 and 2; a stored block's other header bits pad to the byte.
            guard header & 0b110 == 0, header >> 3 == 0, index + 5 <= stream.count else { return nil }
            let length = Int(stream[index + 1]) | Int(stream[index + 2]) << 8
            let complement = Int(stream[index + 3]) | Int(stream[index + 4]) << 8
            guard length ^ complement == 0xFFFF, index + 5 + length <= stream.count else { return nil }
            output += stream[(index + 5)..<(index + 5 + length)]
            index += 5 + length
            if header & 1 == 1 { return index == stream.count ? output : nil }
        }
        return nil
    }

    @Test(arguments: [0, 1, 1_000, 65_534, 65_535, 65_536, 131_070, 200_000])
    func storedBlocksReadBackAsTheInput(count: Int) throws {
        var generator = SeededGenerator(seed: UInt64(count))
        let input = (0..<count).map { _ in UInt8(truncatingIfNeeded: generator.next()) }
        let stream = StoredDeflate.encode(input)
        #expect(Self.inflateStored(stream) == input)
        let blocks = max(1, (count + StoredDeflate.maximumBlockLength - 1) / StoredDeflate.maximumBlockLength)
        #expect(stream.count == count + 5 * blocks)
    }

    /// gzip is an independent inflater: the same stream, given gzip's header and trailer (RFC 1952), must
    /// decompress to the input.
    @Test(arguments: [0, 5, 70_000])
    func gzipInflatesTheStream(count: Int) throws {
        var generator = SeededGenerator(seed: 99)
        let input = (0..<count).map { _ in UInt8(ascii: "a") + UInt8(generator.next() % 26) }
        var member: [UInt8] = [0x1F, 0x8B, 8, 0, 0, 0, 0, 0, 0, 0xFF]
        member += StoredDeflate.encode(input)
        for value in [Self.crc32(input), UInt32(truncatingIfNeeded: count)] {
            member += (0..<4).map { UInt8(truncatingIfNeeded: value >> (8 * $0)) }
        }
        let file = FileManager.default.temporaryDirectory.appendingPathComponent("portico-deflate-\(UUID().uuidString).gz")
        try Data(member).write(to: file)
        defer { try? FileManager.default.removeItem(at: file) }
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/gzip")
        process.arguments = ["-dc", file.path]
        let stdout = Pipe()
        process.standardOutput = stdout
        try process.run()
        let output = stdout.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        #expect(process.terminationStatus == 0)
        #expect(Array(output) == input)
    }

    private static func crc32(_ bytes: [UInt8]) -> UInt32 {
        var crc: UInt32 = 0xFFFF_FFFF
        for byte in bytes {
            crc ^= UInt32(byte)
            for _ in 0..<8 { crc = crc & 1 == 1 ? (crc >> 1) ^ 0xEDB8_8320 : crc >> 1 }
        }
        return ~crc
    }
}
