import HTTPServer

/// Feeds the parsers the way a socket would (whole, in growing prefixes, in pieces) and reduces what they
/// return to comparable values.
enum ParserHarness {
    /// The parts of a parsed head a test compares; headers as `name: value` lines, in order.
    struct Head: Equatable, Sendable, CustomStringConvertible {
        var method: String
        var target: String
        var version: HTTPVersion = .http1_1
        var headers: [String] = []
        var framing: HTTPBodyFraming = .none
        var keepAlive = true
        var expectsContinue = false

        init(
            method: String, target: String, version: HTTPVersion = .http1_1, headers: [String] = [],
            framing: HTTPBodyFraming = .none, keepAlive: Bool = true, expectsContinue: Bool = false
        ) {
            self.method = method
            self.target = target
            self.version = version
            self.headers = headers
            self.framing = framing
            self.keepAlive = keepAlive
            self.expectsContinue = expectsContinue
        }

        init(_ head: HTTPRequestHead) {
            self.init(
                method: head.method.rawValue, target: head.target, version: head.version,
                headers: head.headers.map { "\($0.name): \($0.value)" }, framing: head.framing,
                keepAlive: head.keepAlive, expectsContinue: head.expectsContinue)
        }

        /// Long targets and fields are cut short so that a failing 100 KB row stays readable.
        var description: String {
            func short(_ text: String) -> String { text.count <= 80 ? text : "\(text.prefix(60))…(\(text.count) characters)" }
            return "\(method) \(short(target)) \(version) \(headers.map(short)) \(framing) keepAlive=\(keepAlive) "
                + "continue=\(expectsContinue)"
        }
    }

    enum HeadOutcome: Equatable, Sendable {
        case complete(Head, consumed: Int)
        case needMore
        case invalid(Int)

        init(_ result: HTTPHeadParseResult) {
            switch result {
            case .complete(let head, let consumed): self = .complete(Head(head), consumed: consumed)
            case .needMore: self = .needMore
            case .invalid(let status): self = .invalid(status.code)
            }
        }
    }

    static func parseWhole(_ bytes: [UInt8], limits: HTTPServerLimits) -> HeadOutcome {
        var parser = HTTPRequestHeadParser(limits: limits)
        return bytes.withUnsafeBytes { HeadOutcome(parser.parse($0)) }
    }

    /// Calls one parser with `bytes[0..<k]` for k = 0, 1, 2, … and returns its first answer other than
    /// `needMore`, with the prefix length that produced it (`needMore` and the whole length if none).
    static func parseGrowing(_ bytes: [UInt8], limits: HTTPServerLimits) -> (outcome: HeadOutcome, prefixLength: Int) {
        var parser = HTTPRequestHeadParser(limits: limits)
        return bytes.withUnsafeBytes { all in
            for length in 0...all.count {
                let outcome = HeadOutcome(parser.parse(UnsafeRawBufferPointer(rebasing: all[0..<length])))
                if outcome != .needMore { return (outcome, length) }
            }
            return (.needMore, all.count)
        }
    }

    /// Calls one parser with `bytes[0..<split]`, then, if it needs more, with all of `bytes`.
    static func parseInTwo(_ bytes: [UInt8], at split: Int, limits: HTTPServerLimits) -> HeadOutcome {
        var parser = HTTPRequestHeadParser(limits: limits)
        return bytes.withUnsafeBytes { all in
            let first = HeadOutcome(parser.parse(UnsafeRawBufferPointer(rebasing: all[0..<split])))
            guard first == .needMore else { return first }
            return HeadOutcome(parser.parse(all))
        }
    }
}

extension Array where Element == UInt8 {
    /// The UTF-8 bytes of `text`, for writing raw request bytes readably.
    init(ascii text: String) { self = Array(text.utf8) }
}
