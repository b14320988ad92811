import Foundation
import HTTPServer
import Testing

/// A file of `Fixtures/parser-corpus`: raw bytes a connection might receive.
struct CorpusFile: Sendable, CustomTestStringConvertible {
    let name: String
    let bytes: [UInt8]

    var testDescription: String { name }

    /// Every input that ever crashed or misbehaved, plus hand-written nasty ones; the fuzzer's seeds too.
    static let all: [CorpusFile] = {
        guard let resources = Bundle.module.resourceURL else { return [] }
        let directory = resources.appendingPathComponent("Fixtures/parser-corpus")
        let names = (try? FileManager.default.contentsOfDirectory(atPath: directory.path)) ?? []
        return names.filter { !$0.hasPrefix(".") }.sorted().compactMap { name in
            guard let data = FileManager.default.contents(atPath: directory.appendingPathComponent(name).path) else { return nil }
            return CorpusFile(name: name, bytes: [UInt8](data))
        }
    }()
}

/// Runs every corpus file through the head parser and then the body logic, request after request, and checks
/// the invariants the connection relies on: nothing crashes, nothing consumes more than it was given, and
/// the outcome does not depend on how the bytes were split into reads.
struct ParserCorpusTests {
    /// Inputs up to this size are also tried at every two-piece split, which costs quadratic time.
    private static let everySplitSize = 4096
    /// Requests followed through one file; a file is a connection's worth of bytes.
    private static let maxRequestsPerFile = 32

    private static let limitSets: [HTTPServerLimits] = {
        var tight = HTTPServerLimits()
        tight.maxRequestLineLength = 64
        tight.maxHeaderSectionLength = 256
        tight.maxHeaderCount = 8
        tight.maxBodySize = 64
        tight.maxChunkMetadataLength = 16
        return [HTTPServerLimits(), tight]
    }()

    @Test func corpusIsPresent() {
        #expect(CorpusFile.all.count >= 12)
    }

    @Test(arguments: CorpusFile.all)
    func corpusInputKeepsTheParserInvariants(_ file: CorpusFile) {
        for limits in Self.limitSets {
            var rest = file.bytes[...]
            for _ in 0..<Self.maxRequestsPerFile {
                guard let afterRequest = Self.checkRequest(Array(rest), limits: limits, file: file.name) else { break }
                rest = rest.dropFirst(afterRequest)
            }
        }
    }

    /// Checks one request at the start of `bytes`; returns how many bytes it took when another may follow.
    private static func checkRequest(_ bytes: [UInt8], limits: HTTPServerLimits, file: String) -> Int? {
        let whole = ParserHarness.parseWhole(bytes, limits: limits)
        let (growing, prefixLength) = ParserHarness.parseGrowing(bytes, limits: limits)
        #expect(growing == whole, "\(file): one byte at a time")
        if bytes.count <= everySplitSize {
            for split in 0...bytes.count where ParserHarness.parseInTwo(bytes, at: split, limits: limits) != whole {
                Issue.record("\(file): split at \(split) differs from the whole")
                break
            }
        }
        guard case .complete(let head, let consumed) = whole else { return nil }
        #expect(consumed > 0 && consumed <= bytes.count, "\(file): consumed \(consumed) of \(bytes.count)")
        #expect(prefixLength == consumed, "\(file): completes exactly when its last LF arrives")
        #expect(consumed <= limits.maxHeaderSectionLength, "\(file): head over the section limit accepted")
        #expect(head.headers.count <= limits.maxHeaderCount, "\(file): fields over the count limit accepted")

        let body = Array(bytes[consumed...])
        switch head.framing {
        case .none:
            return consumed
        case .contentLength(let length):
            #expect(length >= 0)
            // A body past the limit is refused with 413 before it is read, and the connection closed.
            guard length <= limits.maxBodySize, length <= body.count else { return nil }
            return consumed + length
        case .chunked:
            guard let bodyLength = checkChunkedBody(body, limits: limits, file: file) else { return nil }
            return consumed + bodyLength
        }
    }

    /// Checks a chunked body at the start of `bytes`; returns its length when it is complete.
    private static func checkChunkedBody(_ bytes: [UInt8], limits: HTTPServerLimits, file: String) -> Int? {
        func decode(_ pieces: [ArraySlice<UInt8>]) -> ParserHarness.BodyOutcome {
            ParserHarness.decodeChunked(
                pieces, maxBodySize: limits.maxBodySize, maxMetadataLength: limits.maxChunkMetadataLength)
        }
        let whole = decode([bytes[...]])
        #expect(decode(ParserHarness.bytewise(bytes)) == whole, "\(file): chunked body one byte at a time")
        if bytes.count <= everySplitSize {
            for split in 0...bytes.count where decode([bytes[..<split], bytes[split...]]) != whole {
                Issue.record("\(file): chunked body split at \(split) differs from the whole")
                break
            }
        }
        switch whole {
        case .complete(let body, let consumed):
            #expect(consumed > 0 && consumed <= bytes.count)
            #expect(body.count <= limits.maxBodySize)
            return consumed
        case .needMore(let body, let consumed):
            #expect(consumed == bytes.count)
            #expect(body.count <= limits.maxBodySize)
            return nil
        case .invalid:
            return nil
        }
    }
}
