import HTTPServer
import Testing

/// One row of the chunked decoder table: raw body bytes, limits, and what decoding them must give.
struct ChunkedCase: Sendable, CustomTestStringConvertible {
    let label: String
    let bytes: [UInt8]
    let expected: ParserHarness.BodyOutcome
    var maxBodySize = 1024 * 1024
    var maxMetadataLength = 4096

    var testDescription: String { label }

    static func decodes(_ label: String, _ text: String, _ body: String, consumed: Int? = nil) -> ChunkedCase {
        decodes(label, [UInt8](ascii: text), [UInt8](ascii: body), consumed: consumed)
    }

    static func decodes(_ label: String, _ bytes: [UInt8], _ body: [UInt8], consumed: Int? = nil) -> ChunkedCase {
        ChunkedCase(label: label, bytes: bytes, expected: .complete(body, consumed: consumed ?? bytes.count))
    }

    static func rejects(_ label: String, _ text: String, _ status: Int, maxBodySize: Int = 1024 * 1024, maxMetadataLength: Int = 4096)
        -> ChunkedCase
    {
        ChunkedCase(
            label: label, bytes: [UInt8](ascii: text), expected: .invalid(status), maxBodySize: maxBodySize,
            maxMetadataLength: maxMetadataLength)
    }

    static func waits(_ label: String, _ text: String, _ bodySoFar: String) -> ChunkedCase {
        let bytes = [UInt8](ascii: text)
        return ChunkedCase(label: label, bytes: bytes, expected: .needMore([UInt8](ascii: bodySoFar), consumed: bytes.count))
    }

    func with(maxBodySize: Int? = nil, maxMetadataLength: Int? = nil) -> ChunkedCase {
        var copy = self
        copy.maxBodySize = maxBodySize ?? self.maxBodySize
        copy.maxMetadataLength = maxMetadataLength ?? self.maxMetadataLength
        return copy
    }
}

extension ChunkedCase {
    static let all: [ChunkedCase] = {
        let everyByte = (0...255).map { UInt8($0) }
        return [
            .decodes("empty body", "0\r\n\r\n", ""),
            .decodes("one chunk", "5\r\nhello\r\n0\r\n\r\n", "hello"),
            .decodes("several chunks", "3\r\nabc\r\n4\r\ndefg\r\n1\r\nh\r\n0\r\n\r\n", "abcdefgh"),
            .decodes("hex sizes in both cases", "A\r\n0123456789\r\nb\r\nabcdefghijk\r\n0\r\n\r\n", "0123456789abcdefghijk"),
            .decodes("leading zeros", "005\r\nhello\r\n0000\r\n\r\n", "hello"),
            .decodes("fifteen hex digits", "000000000000005\r\nhello\r\n0\r\n\r\n", "hello"),
            .decodes("data holding line ends", "4\r\n\r\n\r\n\r\n0\r\n\r\n", "\r\n\r\n"),
            .decodes("every byte value as data", [UInt8](ascii: "100\r\n") + everyByte + [UInt8](ascii: "\r\n0\r\n\r\n"), everyByte),
            .decodes("extensions are skipped", "5;name=value;flag\r\nhello\r\n0;last\r\n\r\n", "hello"),
            .decodes("extension with whitespace around", "5 ; a = b ;c\r\nhello\r\n0\r\n\r\n", "hello"),
            .decodes("quoted extension value", "5;a=\"x y;\\\"z\\\\\"\r\nhello\r\n0\r\n\r\n", "hello"),
            .decodes("trailer fields are discarded", "5\r\nhello\r\n0\r\nExpires: never\r\nX-Sum:  abc \r\n\r\n", "hello"),
            .decodes("next request left unconsumed", "2\r\nhi\r\n0\r\n\r\nGET / HTTP/1.1\r\n", "hi", consumed: 12),
            .decodes("body exactly at the size limit", "3\r\nabc\r\n2\r\nde\r\n0\r\n\r\n", "abcde").with(maxBodySize: 5),
            .decodes("extensions exactly at the metadata limit", "1;ab\r\nx\r\n1;cd\r\ny\r\n0\r\n\r\n", "xy")
                .with(maxMetadataLength: 6),
            .decodes("trailer exactly at the metadata limit", "0\r\nA: b\r\nC: d\r\n\r\n", "").with(maxMetadataLength: 12),

            .waits("nothing yet", "", ""),
            .waits("size line still arriving", "5", ""),
            .waits("data still arriving", "5\r\nhel", "hel"),
            .waits("line end after data still arriving", "5\r\nhello\r", "hello"),
            .waits("trailer still arriving", "0\r\nX: y\r\n", ""),

            .rejects("empty size", "\r\nhello\r\n0\r\n\r\n", 400),
            .rejects("extension without size", ";a\r\n0\r\n\r\n", 400),
            .rejects("non-hex size", "g\r\n0\r\n\r\n", 400),
            .rejects("negative size", "-5\r\nhello\r\n0\r\n\r\n", 400),
            .rejects("0x prefix", "0x5\r\nhello\r\n0\r\n\r\n", 400),
            .rejects("sixteen hex digits", "0000000000000005\r\nhello\r\n0\r\n\r\n", 400),
            .rejects("size that overflows a 64-bit integer", "10000000000000000\r\n", 400),
            .rejects("whitespace before the size", " 5\r\nhello\r\n0\r\n\r\n", 400),
            .rejects("trailing whitespace without an extension", "5 \r\nhello\r\n0\r\n\r\n", 400),
            .rejects("bare LF framing (CVE-2025-22871)", "3\nx=1\n0\n\n", 400),
            .rejects("bare LF after the size", "5\nhello\r\n0\r\n\r\n", 400),
            .rejects("bare LF after an extension", "5;a=b\nhello\r\n0\r\n\r\n", 400),
            .rejects("bare LF after data", "5\r\nhello\n0\r\n\r\n", 400),
            .rejects("bare LF ending a trailer field", "0\r\nX: y\n\r\n", 400),
            .rejects("bare LF as the final line end", "0\r\n\n", 400),
            .rejects("bare CR after the size", "5\rhello\r\n0\r\n\r\n", 400),
            .rejects("empty extension name", "5;\r\nhello\r\n0\r\n\r\n", 400),
            .rejects("empty extension value", "5;a=\r\nhello\r\n0\r\n\r\n", 400),
            .rejects("two words as an extension name", "5;a b\r\nhello\r\n0\r\n\r\n", 400),
            .rejects("unterminated quoted value", "5;a=\"x\r\nhello\r\n0\r\n\r\n", 400),
            .rejects("control byte in an extension", "5;a=\u{1}\r\nhello\r\n0\r\n\r\n", 400),
            .rejects("data longer than its size", "5\r\nhelloX\r\n0\r\n\r\n", 400),
            .rejects("data shorter than its size", "5\r\nhel\r\n0\r\n\r\n", 400),
            .rejects("CR after data without LF", "5\r\nhello\rX0\r\n\r\n", 400),
            .rejects(
                "extension over the metadata limit", "5;" + String(repeating: "a", count: 20) + "\r\nhello\r\n0\r\n\r\n", 400,
                maxMetadataLength: 16),
            .rejects(
                "extensions adding up over the metadata limit", "1;ab\r\nx\r\n1;cd\r\ny\r\n1;e\r\nz\r\n0\r\n\r\n", 400,
                maxMetadataLength: 6),
            .rejects(
                "trailer over the metadata limit", "0\r\nX-Long: " + String(repeating: "v", count: 30) + "\r\n\r\n", 431,
                maxMetadataLength: 16),
            .rejects("trailer obs-fold", "0\r\nA: b\r\n c\r\n\r\n", 400),
            .rejects("trailer without colon", "0\r\nAb\r\n\r\n", 400),
            .rejects("trailer with space before the colon", "0\r\nA : b\r\n\r\n", 400),
            .rejects("NUL in a trailer value", "0\r\nA: b\u{0}\r\n\r\n", 400),
            .rejects("bare CR in a trailer value", "0\r\nA: b\rc\r\n\r\n", 400),
            .rejects("bare CR instead of the final line end", "0\r\n\rX", 400),
            .rejects("one chunk over the size limit", "6\r\nhello!\r\n0\r\n\r\n", 413, maxBodySize: 5),
            .rejects("chunks adding up over the size limit", "3\r\nabc\r\n3\r\ndef\r\n0\r\n\r\n", 413, maxBodySize: 5),
            .rejects("huge chunk size", "fffffffffffffff\r\n", 413),
        ]
    }()
}

struct ChunkedBodyDecoderTests {
    @Test(arguments: ChunkedCase.all)
    func wholeInputGivesTheExpectedOutcome(_ row: ChunkedCase) {
        let outcome = ParserHarness.decodeChunked(
            [row.bytes[...]], maxBodySize: row.maxBodySize, maxMetadataLength: row.maxMetadataLength)
        #expect(outcome == row.expected)
    }

    @Test(arguments: ChunkedCase.all)
    func anyTwoPieceSplitGivesTheSameOutcome(_ row: ChunkedCase) {
        for split in 0...row.bytes.count {
            let pieces = [row.bytes[..<split], row.bytes[split...]]
            let outcome = ParserHarness.decodeChunked(
                pieces, maxBodySize: row.maxBodySize, maxMetadataLength: row.maxMetadataLength)
            #expect(outcome == row.expected, "split at \(split)")
            if outcome != row.expected { return }
        }
    }

    @Test(arguments: ChunkedCase.all)
    func bytesArrivingOneAtATimeGiveTheSameOutcome(_ row: ChunkedCase) {
        let outcome = ParserHarness.decodeChunked(
            ParserHarness.bytewise(row.bytes), maxBodySize: row.maxBodySize, maxMetadataLength: row.maxMetadataLength)
        #expect(outcome == row.expected)
    }

    @Test func afterTheEndNothingMoreIsConsumed() {
        var decoder = ChunkedBodyDecoder(maxBodySize: 100, maxMetadataLength: 100)
        var body: [UInt8] = []
        let bytes = [UInt8](ascii: "1\r\na\r\n0\r\n\r\n")
        #expect(bytes.withUnsafeBytes { decoder.decode($0, into: &body) } == .complete(consumed: bytes.count))
        #expect(bytes.withUnsafeBytes { decoder.decode($0, into: &body) } == .complete(consumed: 0))
        #expect(body == [UInt8](ascii: "a"))
    }

    @Test func invalidVerdictRepeats() {
        var decoder = ChunkedBodyDecoder(maxBodySize: 100, maxMetadataLength: 100)
        var body: [UInt8] = []
        #expect([UInt8](ascii: "z").withUnsafeBytes { decoder.decode($0, into: &body) } == .invalid(.badRequest))
        #expect([UInt8](ascii: "0\r\n\r\n").withUnsafeBytes { decoder.decode($0, into: &body) } == .invalid(.badRequest))
    }

    @Test func largeBodyArrivingInSmallReadsIsCopiedWhole() {
        let data = (0..<200_000).map { UInt8(truncatingIfNeeded: $0 &* 31) }
        var bytes: [UInt8] = []
        for start in stride(from: 0, to: data.count, by: 4096) {
            let chunk = data[start..<min(start + 4096, data.count)]
            bytes += [UInt8](ascii: String(chunk.count, radix: 16) + "\r\n") + chunk + [UInt8](ascii: "\r\n")
        }
        bytes += [UInt8](ascii: "0\r\n\r\n")
        let pieces = stride(from: 0, to: bytes.count, by: 1000).map { bytes[$0..<min($0 + 1000, bytes.count)] }
        let outcome = ParserHarness.decodeChunked(pieces, maxBodySize: 1024 * 1024, maxMetadataLength: 4096)
        #expect(outcome == .complete(data, consumed: bytes.count))
    }
}
