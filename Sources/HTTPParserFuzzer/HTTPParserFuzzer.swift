import HTTPServer

/// libFuzzer's entry point: checks the request parsers' invariants on one input. A broken invariant traps,
/// which libFuzzer reports as a crash and saves the input (see `scripts/fuzz-parser`).
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzz(_ data: UnsafePointer<UInt8>, _ size: Int) -> Int32 {
    HTTPParserFuzzer.check(UnsafeRawBufferPointer(start: data, count: size))
    return 0
}

#if FUZZING
    /// libFuzzer's driver, declared in its `FuzzerInterface.h`; `-enable-experimental-feature Extern` allows this.
    @_extern(c, "LLVMFuzzerRunDriver")
    private func runFuzzerDriver(
        _ argc: UnsafeMutablePointer<Int32>,
        _ argv: UnsafeMutablePointer<UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>?>,
        _ testOneInput: @convention(c) (UnsafePointer<UInt8>?, Int) -> Int32
    ) -> Int32

    /// The fuzzing build's entry point. SwiftPM links every executable with `--defsym main=<Module>_main`
    /// (so that tests can link executables), which leaves libFuzzer's own `main` out; with no `@main` in this
    /// build the symbol is defined here and does what libFuzzer's `main` does: hand over to its driver.
    @_cdecl("HTTPParserFuzzer_main")
    public func fuzzerMain(_ argc: Int32, _ argv: UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>?) -> Int32 {
        var argc = argc
        var argv = argv
        return runFuzzerDriver(&argc, &argv) { data, size in
            HTTPParserFuzzer.check(UnsafeRawBufferPointer(start: data, count: size))
            return 0
        }
    }
#endif

/// The invariants the connection layer relies on, checked on arbitrary bytes read as one connection's input.
///
/// For every request in the input: the head parser's answer is the same whether the bytes come whole,
/// one per read, or in two reads split at an offset derived from the input; it never consumes more than
/// it was given; a head it accepts satisfies the grammar it claims to enforce. The body after an accepted
/// head goes through the chunked decoder or the Content-Length logic, again whole, byte by byte and split,
/// and the next request starts where the body ends. Each input runs under the default limits and under
/// tight ones, so that every limit is within the fuzzer's reach.
enum HTTPParserFuzzer {
    /// Requests followed through one input; more only repeats the same checks.
    private static let maxRequests = 8

    private static let limitSets: [HTTPServerLimits] = {
        var tight = HTTPServerLimits()
        tight.maxRequestLineLength = 64
        tight.maxHeaderSectionLength = 256
        tight.maxHeaderCount = 8
        tight.maxBodySize = 64
        tight.maxChunkMetadataLength = 16
        return [HTTPServerLimits(), tight]
    }()

    /// What a parser answered, without the head itself.
    private enum Verdict: Equatable {
        case complete(consumed: Int)
        case needMore
        case invalid(Int)
    }

    static func check(_ input: UnsafeRawBufferPointer) {
        for limits in limitSets {
            var rest = input
            for _ in 0..<maxRequests {
                guard let used = checkRequest(rest, limits: limits) else { break }
                rest = UnsafeRawBufferPointer(rebasing: rest[used...])
            }
        }
    }

    /// Checks the request at the start of `bytes`; returns how many bytes it took when another may follow.
    private static func checkRequest(_ bytes: UnsafeRawBufferPointer, limits: HTTPServerLimits) -> Int? {
        var parser = HTTPRequestHeadParser(limits: limits)
        let (verdict, head) = reduce(parser.parse(bytes))

        var growing = HTTPRequestHeadParser(limits: limits)
        var growingVerdict = Verdict.needMore
        var growingHead: HTTPRequestHead?
        for length in 0...bytes.count {
            (growingVerdict, growingHead) = reduce(growing.parse(UnsafeRawBufferPointer(rebasing: bytes[..<length])))
            if growingVerdict != .needMore {
                if case .complete(let consumed) = growingVerdict {
                    precondition(consumed == length, "a head completes exactly when its last LF arrives")
                }
                break
            }
        }
        precondition(growingVerdict == verdict, "one byte per read: \(growingVerdict), whole: \(verdict)")

        let split = splitOffset(bytes)
        var twoReads = HTTPRequestHeadParser(limits: limits)
        var (splitVerdict, splitHead) = reduce(twoReads.parse(UnsafeRawBufferPointer(rebasing: bytes[..<split])))
        if splitVerdict == .needMore { (splitVerdict, splitHead) = reduce(twoReads.parse(bytes)) }
        precondition(splitVerdict == verdict, "split at \(split): \(splitVerdict), whole: \(verdict)")

        guard case .complete(let consumed) = verdict, let head, let growingHead, let splitHead else {
            // Nothing to follow: give the decoder the raw bytes so that it is fuzzed on its own too.
            _ = checkChunkedBody(bytes, limits: limits)
            return nil
        }
        precondition(consumed > 0 && consumed <= bytes.count, "consumed \(consumed) of \(bytes.count)")
        precondition(sameHead(head, growingHead) && sameHead(head, splitHead), "heads differ across reads")
        checkGrammar(of: head)
        precondition(consumed <= limits.maxHeaderSectionLength, "head of \(consumed) bytes accepted")
        precondition(head.headers.count <= limits.maxHeaderCount, "\(head.headers.count) fields accepted")
        let shortestRequestLine = head.method.rawValue.utf8.count + head.target.utf8.count + " HTTP/1.1\n".utf8.count + 1
        precondition(shortestRequestLine <= limits.maxRequestLineLength, "request line over the limit accepted")

        let body = UnsafeRawBufferPointer(rebasing: bytes[consumed...])
        switch head.framing {
        case .none:
            return consumed
        case .contentLength(let length):
            precondition(length >= 0)
            // Past the limit the connection answers 413 without reading the body, then closes.
            guard length <= limits.maxBodySize, length <= body.count else { return nil }
            return consumed + length
        case .chunked:
            guard let bodyLength = checkChunkedBody(body, limits: limits) else { return nil }
            return consumed + bodyLength
        }
    }

    /// Checks a chunked body at the start of `bytes`; returns its length when it is complete.
    private static func checkChunkedBody(_ bytes: UnsafeRawBufferPointer, limits: HTTPServerLimits) -> Int? {
        let whole = decode(bytes, splits: [], limits: limits)
        let split = splitOffset(bytes)
        precondition(decode(bytes, splits: [split], limits: limits) == whole, "chunked body split at \(split)")
        precondition(decode(bytes, splits: Array(0..<bytes.count), limits: limits) == whole, "chunked body byte by byte")
        switch whole.result {
        case .complete(let consumed):
            precondition(consumed > 0 && consumed <= bytes.count)
            precondition(whole.body.count <= limits.maxBodySize)
            return consumed
        case .needMore(let consumed):
            precondition(consumed == bytes.count)
            precondition(whole.body.count <= limits.maxBodySize)
            return nil
        case .invalid:
            return nil
        }
    }

    /// Feeds `bytes` to one decoder in reads that end at `splits` (and at the end), dropping consumed bytes
    /// between reads as a connection does; the result's `consumed` counts from the first byte.
    private static func decode(
        _ bytes: UnsafeRawBufferPointer, splits: [Int], limits: HTTPServerLimits
    ) -> (result: ChunkedDecodeResult, body: [UInt8]) {
        var decoder = ChunkedBodyDecoder(maxBodySize: limits.maxBodySize, maxMetadataLength: limits.maxChunkMetadataLength)
        var body: [UInt8] = []
        var start = 0
        for end in splits + [bytes.count] where end >= start {
            let result = decoder.decode(UnsafeRawBufferPointer(rebasing: bytes[start..<end]), into: &body)
            switch result {
            case .complete(let consumed):
                precondition(consumed <= end - start)
                return (.complete(consumed: start + consumed), body)
            case .needMore(let consumed):
                precondition(consumed <= end - start)
                // The decoder keeps no bytes of its own, so it always takes the whole read.
                precondition(consumed == end - start, "needMore left \(end - start - consumed) bytes behind")
                start += consumed
            case .invalid:
                return (result, body)
            }
        }
        return (.needMore(consumed: start), body)
    }

    /// A head the parser accepted obeys the grammar and framing rules it enforces. The byte classes are written
    /// here again on purpose, not taken from the parser: an oracle that shares the code under test shares its bugs.
    private static func checkGrammar(of head: HTTPRequestHead) {
        precondition(!head.method.rawValue.isEmpty && head.method.rawValue.utf8.allSatisfy(isTokenByte))
        precondition(!head.target.isEmpty && head.target.utf8.allSatisfy { $0 >= 0x21 && $0 <= 0x7E })
        precondition(head.version == .http1_0 || head.version == .http1_1)
        for field in head.headers {
            precondition(!field.name.isEmpty && field.name.utf8.allSatisfy(isTokenByte), "field name \(field.name)")
            precondition(field.value.utf8.allSatisfy { ($0 >= 0x20 && $0 != 0x7F) || $0 == 0x09 }, "field value")
            precondition(field.value.utf8.first.map { $0 != 0x20 && $0 != 0x09 } ?? true, "untrimmed value")
            precondition(field.value.utf8.last.map { $0 != 0x20 && $0 != 0x09 } ?? true, "untrimmed value")
        }
        let hosts = head.headers.values(for: "Host").count
        precondition(hosts <= 1 && (head.version == .http1_0 || hosts == 1), "Host count \(hosts)")
        switch head.framing {
        case .chunked:
            precondition(head.version == .http1_1 && !head.headers.contains("Content-Length"))
        case .contentLength(let length):
            precondition(length >= 0 && !head.headers.contains("Transfer-Encoding"))
        case .none:
            precondition(!head.headers.contains("Content-Length") && !head.headers.contains("Transfer-Encoding"))
        }
        if head.expectsContinue { precondition(head.version == .http1_1) }
    }

    private static func reduce(_ result: HTTPHeadParseResult) -> (Verdict, HTTPRequestHead?) {
        switch result {
        case .complete(let head, let consumed): (.complete(consumed: consumed), head)
        case .needMore: (.needMore, nil)
        case .invalid(let status): (.invalid(status.code), nil)
        }
    }

    private static func sameHead(_ a: HTTPRequestHead, _ b: HTTPRequestHead) -> Bool {
        a.method == b.method && a.target == b.target && a.version == b.version && a.framing == b.framing
            && a.keepAlive == b.keepAlive && a.expectsContinue == b.expectsContinue
            && a.headers.map(\.name) == b.headers.map(\.name) && a.headers.map(\.value) == b.headers.map(\.value)
    }

    /// An offset that depends on every byte, so that the fuzzer explores splits as it mutates the input.
    private static func splitOffset(_ bytes: UnsafeRawBufferPointer) -> Int {
        var hash: UInt64 = 0xcbf2_9ce4_8422_2325
        for byte in bytes { hash = (hash ^ UInt64(byte)) &* 0x100_0000_01b3 }
        return Int(hash % UInt64(bytes.count + 1))
    }

    private static func isTokenByte(_ byte: UInt8) -> Bool {
        switch byte {
        case UInt8(ascii: "a")...UInt8(ascii: "z"), UInt8(ascii: "A")...UInt8(ascii: "Z"), UInt8(ascii: "0")...UInt8(ascii: "9"):
            true
        default:
            "!#$%&'*+-.^_`|~".utf8.contains(byte)
        }
    }
}
