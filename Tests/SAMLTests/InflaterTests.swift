import Foundation
import TestSupport
import Testing

@testable import SAML

/// The raw DEFLATE decoder the HTTP-Redirect binding needs, against streams zlib made (dynamic and fixed
/// Huffman blocks), Portico's own stored blocks, and hostile input.
struct InflaterTests {
    /// A LogoutRequest-like text and zlib's raw DEFLATE of it at level 9 (a dynamic Huffman block), made with
    /// Python's `zlib.compressobj(9, zlib.DEFLATED, -15)`.
    static let text = Data(
        base64Encoded: """
            PHNhbWxwOkxvZ291dFJlcXVlc3QgeG1sbnM6c2FtbHA9InVybjpvYXNpczpuYW1lczp0YzpTQU1MOjIuMDpwcm90b2NvbCIgSUQ9Il9hYmMiIFZlcnNpb249IjIuMCI+PHNhbWw6TmFtZUlEPmFsaWNlQGV4YW1wbGUuY29tPC9zYW1sOk5hbWVJRD48c2FtbDpOYW1lSUQ+YWxpY2VAZXhhbXBsZS5jb208L3NhbWw6TmFtZUlEPjxzYW1sOk5hbWVJRD5hbGljZUBleGFtcGxlLmNvbTwvc2FtbDpOYW1lSUQ+PHNhbWw6TmFtZUlEPmFsaWNlQGV4YW1wbGUuY29tPC9zYW1sOk5hbWVJRD48c2FtbDpOYW1lSUQ+YWxpY2VAZXhhbXBsZS5jb208L3NhbWw6TmFtZUlEPjxzYW1sOk5hbWVJRD5hbGljZUBleGFtcGxlLmNvbTwvc2FtbDpOYW1lSUQ+PHNhbWw6TmFtZUlEPmFsaWNlQGV4YW1wbGUuY29tPC9zYW1sOk5hbWVJRD48c2FtbDpOYW1lSUQ+YWxpY2VAZXhhbXBsZS5jb208L3NhbWw6TmFtZUlEPjxzYW1sOk5hbWVJRD5hbGljZUBleGFtcGxlLmNvbTwvc2FtbDpOYW1lSUQ+PHNhbWw6TmFtZUlEPmFsaWNlQGV4YW1wbGUuY29tPC9zYW1sOk5hbWVJRD48c2FtbDpOYW1lSUQ+YWxpY2VAZXhhbXBsZS5jb208L3NhbWw6TmFtZUlEPjxzYW1sOk5hbWVJRD5hbGljZUBleGFtcGxlLmNvbTwvc2FtbDpOYW1lSUQ+PHNhbWw6TmFtZUlEPmFsaWNlQGV4YW1wbGUuY29tPC9zYW1sOk5hbWVJRD48c2FtbDpOYW1lSUQ+YWxpY2VAZXhhbXBsZS5jb208L3NhbWw6TmFtZUlEPjxzYW1sOk5hbWVJRD5hbGljZUBleGFtcGxlLmNvbTwvc2FtbDpOYW1lSUQ+PHNhbWw6TmFtZUlEPmFsaWNlQGV4YW1wbGUuY29tPC9zYW1sOk5hbWVJRD48c2FtbDpOYW1lSUQ+YWxpY2VAZXhhbXBsZS5jb208L3NhbWw6TmFtZUlEPjxzYW1sOk5hbWVJRD5hbGljZUBleGFtcGxlLmNvbTwvc2FtbDpOYW1lSUQ+PHNhbWw6TmFtZUlEPmFsaWNlQGV4YW1wbGUuY29tPC9zYW1sOk5hbWVJRD48c2FtbDpOYW1lSUQ+YWxpY2VAZXhhbXBsZS5jb208L3NhbWw6TmFtZUlEPjwvc2FtbHA6TG9nb3V0UmVxdWVzdD4=
            """, options: .ignoreUnknownCharacters)!
    static let dynamic = Data(
        base64Encoded: """
            7dOxCsIwFAXQXwn5gFYcH0lQ6FKoDgquEsNDAklempdCP9/q5ODmmvmee7er2MaQYaInLfWC84JcxRpDYvgkWi4lAVn2DMlGZKgOrsfTBPtuB7lQJUdBinHQ8m4fToobFvaUtNyANOq9AuetOQ7GBu/wgKuNOWDnKKr+O2622Wb/tP2PQ5sX
            """, options: .ignoreUnknownCharacters)!
    /// "hello hello hello" at level 9: one fixed Huffman block with a back reference.
    static let fixed = Data(base64Encoded: "y0jNyclXyECQAA==")!

    @Test func readsWhatZlibWrites() throws {
        #expect(try Inflater.inflate(Array(Self.dynamic), limit: 1 << 20) == Array(Self.text))
        #expect(String(decoding: try Inflater.inflate(Array(Self.fixed), limit: 100), as: UTF8.self) == "hello hello hello")
        let stored = Array("stored blocks, as Portico writes them".utf8)
        #expect(try Inflater.inflate(StoredDeflate.encode(stored), limit: 1000) == stored)
    }

    @Test func refusesWhatIsNotAStreamAndStopsAtTheLimit() {
        #expect(throws: Inflater.Failure.self) { _ = try Inflater.inflate(Array(Self.dynamic.prefix(20)), limit: 1 << 20) }
        #expect(throws: Inflater.Failure(reason: "more than 100 bytes inflated")) {
            _ = try Inflater.inflate(Array(Self.dynamic), limit: 100)
        }
        #expect(throws: Inflater.Failure(reason: "a block of the reserved type 3")) { _ = try Inflater.inflate([0x07], limit: 10) }
        #expect(throws: Inflater.Failure.self) { _ = try Inflater.inflate([], limit: 10) }
    }

    /// Random and mutated streams never trap and never pass the limit.
    @Test func hostileStreamsNeverCrash() {
        var generator = SeededGenerator(seed: 23)
        for round in 0..<3_000 {
            var bytes =
                round % 2 == 0
                ? Array(Self.dynamic) : (0..<Int(generator.next() % 64)).map { _ in UInt8(truncatingIfNeeded: generator.next()) }
            if !bytes.isEmpty {
                for _ in 0..<1 + Int(generator.next() % 3) {
                    bytes[Int(generator.next() % UInt64(bytes.count))] = UInt8(truncatingIfNeeded: generator.next())
                }
            }
            if let output = try? Inflater.inflate(bytes, limit: 4096) { #expect(output.count <= 4096) }
        }
    }
}
