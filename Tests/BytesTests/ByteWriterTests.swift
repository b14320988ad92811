import Bytes
import Testing

struct ByteWriterTests {
    @Test func appendsBytesLiteralsAndDecimals() {
        var writer = ByteWriter(capacity: 0)
        writer.append("status ")
        writer.appendDecimal(200)
        writer.append(UInt8(ascii: " "))
        writer.appendDecimal(-7)
        writer.append(UInt8(ascii: " "))
        writer.appendDecimal(5, minimumDigits: 3)
        writer.append(UInt8(ascii: " "))
        writer.appendDecimal(0)
        writer.append(UInt8(ascii: " "))
        writer.appendDecimal(Int.max)
        #expect(String(decoding: writer.makeArray(), as: UTF8.self) == "status 200 -7 005 0 \(Int.max)")
    }

    @Test func movesFromLentStorageToTheHeapWhenItOutgrowsIt() {
        let text = String(repeating: "0123456789", count: 50)
        let written = ByteWriter.withTemporaryStorage(capacity: 16) { writer in
            for byte in text.utf8 { writer.append(byte) }
            writer.appendInPlace(2) { space in
                space[0] = UInt8(ascii: "!")
                space[1] = UInt8(ascii: "?")
            }
            return writer.withBytes { Array($0) }
        }
        #expect(written == Array((text + "!?").utf8))
    }

    @Test func appendsWhatItHoldsToAnArray() {
        var array = Array("head ".utf8)
        ByteWriter.withTemporaryStorage(capacity: 64) { writer in
            writer.append("tail")
            writer.append(to: &array)
        }
        #expect(array == Array("head tail".utf8))
    }
}
