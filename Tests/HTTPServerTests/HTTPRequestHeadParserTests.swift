import HTTPServer
import Testing

/// One row of the head parser table: raw bytes and what parsing them must give.
struct HeadCase: Sendable, CustomTestStringConvertible {
    typealias Head = ParserHarness.Head

    let label: String
    let bytes: [UInt8]
    let expected: ParserHarness.HeadOutcome
    var limits = HTTPServerLimits()
    /// For limit verdicts: the prefix length at which a parser fed byte by byte must already answer.
    var answeredAt: Int?

    var testDescription: String { label }

    static func parses(_ label: String, _ text: String, _ head: Head, consumed: Int? = nil) -> HeadCase {
        parses(label, [UInt8](ascii: text), head, consumed: consumed)
    }

    static func parses(_ label: String, _ bytes: [UInt8], _ head: Head, consumed: Int? = nil) -> HeadCase {
        HeadCase(label: label, bytes: bytes, expected: .complete(head, consumed: consumed ?? bytes.count))
    }

    static func rejects(_ label: String, _ text: String, _ status: Int, limits: HTTPServerLimits = HTTPServerLimits()) -> HeadCase {
        rejects(label, [UInt8](ascii: text), status, limits: limits)
    }

    static func rejects(
        _ label: String, _ bytes: [UInt8], _ status: Int, limits: HTTPServerLimits = HTTPServerLimits(),
        answeredAt: Int? = nil
    ) -> HeadCase {
        HeadCase(label: label, bytes: bytes, expected: .invalid(status), limits: limits, answeredAt: answeredAt)
    }

    static func waits(_ label: String, _ text: String) -> HeadCase {
        HeadCase(label: label, bytes: [UInt8](ascii: text), expected: .needMore)
    }
}

/// A GET head with only `Host: x`, the shape most rows vary.
private func get(_ target: String = "/", _ extra: [String] = [], version: HTTPVersion = .http1_1) -> HeadCase.Head {
    HeadCase.Head(method: "GET", target: target, version: version, headers: ["Host: x"] + extra)
}

private func makeLimits(requestLine: Int? = nil, headerSection: Int? = nil, headerCount: Int? = nil) -> HTTPServerLimits {
    var limits = HTTPServerLimits()
    if let requestLine { limits.maxRequestLineLength = requestLine }
    if let headerSection { limits.maxHeaderSectionLength = headerSection }
    if let headerCount { limits.maxHeaderCount = headerCount }
    return limits
}

extension HeadCase {
    static let requestLine: [HeadCase] = [
        .parses("minimal GET", "GET / HTTP/1.1\r\nHost: x\r\n\r\n", get()),
        .parses("bare LF line ends", "GET /a HTTP/1.1\nHost: x\n\n", get("/a")),
        .parses("mixed CRLF and LF", "GET / HTTP/1.1\nHost: x\r\n\n", get()),
        .parses("leading CRLFs are skipped and consumed", "\r\n\r\nGET / HTTP/1.1\r\nHost: x\r\n\r\n", get()),
        .parses("leading bare LFs are skipped", "\n\nGET / HTTP/1.1\nHost: x\n\n", get()),
        .parses(
            "other methods are tokens kept as sent", "get / HTTP/1.1\r\nHost: x\r\n\r\n",
            .init(method: "get", target: "/", headers: ["Host: x"])),
        .parses(
            "extension method", "M-SEARCH / HTTP/1.1\r\nHost: x\r\n\r\n",
            .init(method: "M-SEARCH", target: "/", headers: ["Host: x"])),
        .parses("HTTP/1.2 is served as 1.1", "GET / HTTP/1.2\r\nHost: x\r\n\r\n", get()),
        .parses("HTTP/1.9 is served as 1.1", "GET / HTTP/1.9\r\nHost: x\r\n\r\n", get()),
        .parses(
            "HTTP/1.0 may omit Host", "GET / HTTP/1.0\r\n\r\n",
            .init(method: "GET", target: "/", version: .http1_0, keepAlive: false)),
        .parses(
            "absolute-form", "GET http://example.com/a?b=1 HTTP/1.1\r\nHost: example.com\r\n\r\n",
            .init(method: "GET", target: "http://example.com/a?b=1", headers: ["Host: example.com"])),
        .parses(
            "absolute-form with https, port and no path", "GET HTTPS://example.com:8443 HTTP/1.1\r\nHost: x\r\n\r\n",
            get("HTTPS://example.com:8443")),
        .parses(
            "asterisk with OPTIONS", "OPTIONS * HTTP/1.1\r\nHost: x\r\n\r\n",
            .init(method: "OPTIONS", target: "*", headers: ["Host: x"])),
        .parses(
            "authority-form with CONNECT", "CONNECT example.com:443 HTTP/1.1\r\nHost: example.com:443\r\n\r\n",
            .init(method: "CONNECT", target: "example.com:443", headers: ["Host: example.com:443"])),
        .parses("dot segments reach the handler raw", "GET /../x HTTP/1.1\r\nHost: x\r\n\r\n", get("/../x")),
        .parses("encoded dot segments stay encoded", "GET /%2e%2e/x HTTP/1.1\r\nHost: x\r\n\r\n", get("/%2e%2e/x")),
        .parses(
            "odd but visible targets stay raw", "GET /a/./b//c?x=%00&y=\"#f HTTP/1.1\r\nHost: x\r\n\r\n",
            get("/a/./b//c?x=%00&y=\"#f")),

        .rejects("garbage request line", "HELLO\r\n\r\n", 400),
        .rejects("TLS client hello", [0x16, 0x03, 0x01, 0x02, 0x00, 0x01, 0x00, 0x01, 0xFC, 0x03, 0x03, 0x0A], 400),
        .rejects("method only", "GET\r\n\r\n", 400),
        .rejects("HTTP/0.9 request line", "GET /\r\n\r\n", 400),
        .rejects("leading space", " GET / HTTP/1.1\r\nHost: x\r\n\r\n", 400),
        .rejects("two spaces before the target", "GET  / HTTP/1.1\r\nHost: x\r\n\r\n", 400),
        .rejects("trailing space after the version", "GET / HTTP/1.1 \r\nHost: x\r\n\r\n", 400),
        .rejects("tab as separator", "GET\t/ HTTP/1.1\r\nHost: x\r\n\r\n", 400),
        .rejects("method with a non-token byte", "GE(T / HTTP/1.1\r\nHost: x\r\n\r\n", 400),
        .rejects("NUL in the method", "G\u{0}T / HTTP/1.1\r\nHost: x\r\n\r\n", 400),
        .rejects("space inside the target", "GET /a b HTTP/1.1\r\nHost: x\r\n\r\n", 400),
        .rejects("control byte in the target", "GET /a\u{1}b HTTP/1.1\r\nHost: x\r\n\r\n", 400),
        .rejects("DEL in the target", "GET /a\u{7F} HTTP/1.1\r\nHost: x\r\n\r\n", 400),
        .rejects(
            "non-ASCII byte in the target", [UInt8](ascii: "GET /caf") + [0xC3, 0xA9] + [UInt8](ascii: " HTTP/1.1\r\nHost: x\r\n\r\n"), 400),
        .rejects("lowercase protocol name", "GET / http/1.1\r\nHost: x\r\n\r\n", 400),
        .rejects("version without minor", "GET / HTTP/1\r\nHost: x\r\n\r\n", 400),
        .rejects("two-digit minor", "GET / HTTP/1.10\r\nHost: x\r\n\r\n", 400),
        .rejects("version with junk", "GET / HTTP/1.1x\r\nHost: x\r\n\r\n", 400),
        .rejects("HTTP/2.0", "GET / HTTP/2.0\r\nHost: x\r\n\r\n", 505),
        .rejects("HTTP/3.0", "GET / HTTP/3.0\r\nHost: x\r\n\r\n", 505),
        .rejects("HTTP/0.9 version", "GET / HTTP/0.9\r\nHost: x\r\n\r\n", 505),
        .rejects("HTTP/2 connection preface", "PRI * HTTP/2.0\r\n\r\nSM\r\n\r\n", 505),
        .rejects("asterisk without OPTIONS", "GET * HTTP/1.1\r\nHost: x\r\n\r\n", 400),
        .rejects("asterisk followed by more", "OPTIONS *x HTTP/1.1\r\nHost: x\r\n\r\n", 400),
        .rejects("authority-form without CONNECT", "GET example.com:443 HTTP/1.1\r\nHost: x\r\n\r\n", 400),
        .rejects("CONNECT with origin-form", "CONNECT / HTTP/1.1\r\nHost: x\r\n\r\n", 400),
        .rejects("CONNECT without port", "CONNECT example.com HTTP/1.1\r\nHost: x\r\n\r\n", 400),
        .rejects("absolute-form of another scheme", "GET ftp://example.com/ HTTP/1.1\r\nHost: x\r\n\r\n", 400),
        .rejects("absolute-form without authority", "GET http:///etc/passwd HTTP/1.1\r\nHost: x\r\n\r\n", 400),
        .rejects("absolute-form with userinfo", "GET http://user@example.com/ HTTP/1.1\r\nHost: x\r\n\r\n", 400),
        .rejects("relative target", "GET a/b HTTP/1.1\r\nHost: x\r\n\r\n", 400),
        .rejects("bare CR ends the request line", "GET / HTTP/1.1\rHost: x\r\n\r\n", 400),
        .rejects("bare CR before CRLF", "GET / HTTP/1.1\r\r\nHost: x\r\n\r\n", 400),
        .rejects("bare CR leading line", "\r\rGET / HTTP/1.1\r\nHost: x\r\n\r\n", 400),
        .rejects("bare CR refused before any LF arrives", [UInt8](ascii: "GET / HTTP/1.1\rHost: x\r\r"), 400, answeredAt: 16),

        .waits("nothing yet", ""),
        .waits("only leading empty lines", "\r\n\r\n"),
        .waits("request line without its LF", "GET / HTTP/1.1\r"),
        .waits("no empty line yet", "GET / HTTP/1.1\r\nHost: x\r\n"),
    ]

    static let fields: [HeadCase] = [
        .parses(
            "OWS around values is trimmed", "GET / HTTP/1.1\r\nHost:x\r\nX-A:  \t a b \t \r\nX-B:\r\n\r\n",
            get("/", ["X-A: a b", "X-B: "])),
        .parses(
            "order and repeats are kept", "GET / HTTP/1.1\r\nAccept: a\r\nHost: x\r\naccept: b\r\n\r\n",
            .init(method: "GET", target: "/", headers: ["Accept: a", "Host: x", "accept: b"])),
        .parses(
            "obs-text in a value",
            [UInt8](ascii: "GET / HTTP/1.1\r\nHost: x\r\nX: caf") + [0xC3, 0xA9, 0x20, 0xFF] + [UInt8](ascii: "\r\n\r\n"),
            get("/", ["X: café \u{FFFD}"])),
        .parses(
            "Host with port", "GET / HTTP/1.1\r\nHost: example.com:8080\r\n\r\n",
            .init(method: "GET", target: "/", headers: ["Host: example.com:8080"])),
        .parses(
            "Host as IPv6 literal", "GET / HTTP/1.1\r\nHost: [::1]:8080\r\n\r\n",
            .init(method: "GET", target: "/", headers: ["Host: [::1]:8080"])),
        .parses(
            "exactly the header count limit", "GET / HTTP/1.1\r\nHost: x\r\nA: 1\r\nB: 2\r\n\r\n",
            get("/", ["A: 1", "B: 2"])
        ).with(limits: makeLimits(headerCount: 3)),

        .rejects("obs-fold", "GET / HTTP/1.1\r\nHost: x\r\nX: a\r\n b\r\n\r\n", 400),
        .rejects("obs-fold with tab", "GET / HTTP/1.1\r\nHost: x\r\nX: a\r\n\tb\r\n\r\n", 400),
        .rejects("whitespace line before the first field", "GET / HTTP/1.1\r\n \r\nHost: x\r\n\r\n", 400),
        .rejects("space before the colon", "GET / HTTP/1.1\r\nHost : x\r\n\r\n", 400),
        .rejects("tab before the colon", "GET / HTTP/1.1\r\nHost: x\r\nX\t: y\r\n\r\n", 400),
        .rejects("field without colon", "GET / HTTP/1.1\r\nHost: x\r\nX y\r\n\r\n", 400),
        .rejects("empty field name", "GET / HTTP/1.1\r\nHost: x\r\n: y\r\n\r\n", 400),
        .rejects("non-token byte in a name", "GET / HTTP/1.1\r\nHost: x\r\nX@Y: 1\r\n\r\n", 400),
        .rejects("NUL in a value", "GET / HTTP/1.1\r\nHost: x\r\nX: a\u{0}b\r\n\r\n", 400),
        .rejects("DEL in a value", "GET / HTTP/1.1\r\nHost: x\r\nX: a\u{7F}\r\n\r\n", 400),
        .rejects("control byte in a value", "GET / HTTP/1.1\r\nHost: x\r\nX: \u{1B}[31m\r\n\r\n", 400),
        .rejects("bare CR inside a value", "GET / HTTP/1.1\r\nHost: x\r\nX: a\rb\r\n\r\n", 400),
        .rejects("bare CR at the end of a value", "GET / HTTP/1.1\r\nHost: x\r\nX: a\r\r\n\r\n", 400),
        .rejects("bare CR where the head should end", "GET / HTTP/1.1\r\nHost: x\r\n\rX\r\n\r\n", 400),
        .rejects("missing Host on 1.1", "GET / HTTP/1.1\r\nX: y\r\n\r\n", 400),
        .rejects("two Hosts", "GET / HTTP/1.1\r\nHost: a\r\nHost: a\r\n\r\n", 400),
        .rejects("two Hosts on 1.0", "GET / HTTP/1.0\r\nHost: a\r\nhost: b\r\n\r\n", 400),
        .rejects("empty Host", "GET / HTTP/1.1\r\nHost:\r\n\r\n", 400),
        .rejects("Host with a path", "GET / HTTP/1.1\r\nHost: x/y\r\n\r\n", 400),
        .rejects("Host with userinfo", "GET / HTTP/1.1\r\nHost: user@x\r\n\r\n", 400),
        .rejects("Host with a space", "GET / HTTP/1.1\r\nHost: a b\r\n\r\n", 400),
        .rejects("Host list", "GET / HTTP/1.1\r\nHost: a, b\r\n\r\n", 400),
        .rejects("Host with a bad port", "GET / HTTP/1.1\r\nHost: x:8o\r\n\r\n", 400),
        .rejects(
            "one field over the header count limit", "GET / HTTP/1.1\r\nHost: x\r\nA: 1\r\nB: 2\r\nC: 3\r\n\r\n",
            431, limits: makeLimits(headerCount: 3)),
    ]

    static let framing: [HeadCase] = [
        .parses(
            "Content-Length", "POST / HTTP/1.1\r\nHost: x\r\nContent-Length: 5\r\n\r\nhello",
            .init(method: "POST", target: "/", headers: ["Host: x", "Content-Length: 5"], framing: .contentLength(5)),
            consumed: 47),
        .parses(
            "zero Content-Length", "POST / HTTP/1.1\r\nHost: x\r\ncontent-length: 0\r\n\r\n",
            .init(method: "POST", target: "/", headers: ["Host: x", "content-length: 0"], framing: .contentLength(0))),
        .parses(
            "identical repeated Content-Length", "POST / HTTP/1.1\r\nHost: x\r\nContent-Length: 7\r\nContent-Length: 7\r\n\r\n",
            .init(method: "POST", target: "/", headers: ["Host: x", "Content-Length: 7", "Content-Length: 7"], framing: .contentLength(7))),
        .parses(
            "identical Content-Length list", "POST / HTTP/1.1\r\nHost: x\r\nContent-Length: 7 ,7\r\n\r\n",
            .init(method: "POST", target: "/", headers: ["Host: x", "Content-Length: 7 ,7"], framing: .contentLength(7))),
        .parses(
            "18-digit Content-Length", "POST / HTTP/1.1\r\nHost: x\r\nContent-Length: 999999999999999999\r\n\r\n",
            .init(
                method: "POST", target: "/", headers: ["Host: x", "Content-Length: 999999999999999999"],
                framing: .contentLength(999_999_999_999_999_999))),
        .parses(
            "chunked", "POST / HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n\r\n0\r\n\r\n",
            .init(method: "POST", target: "/", headers: ["Host: x", "Transfer-Encoding: chunked"], framing: .chunked),
            consumed: 56),
        .parses(
            "chunked in another case with empty list elements", "POST / HTTP/1.1\r\nHost: x\r\ntransfer-encoding: , CHUNKED ,\r\n\r\n",
            .init(method: "POST", target: "/", headers: ["Host: x", "transfer-encoding: , CHUNKED ,"], framing: .chunked)),

        .rejects(
            "Content-Length and Transfer-Encoding", "POST / HTTP/1.1\r\nHost: x\r\nContent-Length: 5\r\nTransfer-Encoding: chunked\r\n\r\n",
            400),
        .rejects(
            "Transfer-Encoding and Content-Length", "POST / HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\nContent-Length: 5\r\n\r\n",
            400),
        .rejects("Transfer-Encoding on 1.0", "POST / HTTP/1.0\r\nTransfer-Encoding: chunked\r\n\r\n", 400),
        .rejects("negative Content-Length", "POST / HTTP/1.1\r\nHost: x\r\nContent-Length: -1\r\n\r\n", 400),
        .rejects("space inside Content-Length", "POST / HTTP/1.1\r\nHost: x\r\nContent-Length: 1 2\r\n\r\n", 400),
        .rejects("signed Content-Length", "POST / HTTP/1.1\r\nHost: x\r\nContent-Length: +5\r\n\r\n", 400),
        .rejects("hex Content-Length", "POST / HTTP/1.1\r\nHost: x\r\nContent-Length: 0x10\r\n\r\n", 400),
        .rejects("20-digit Content-Length", "POST / HTTP/1.1\r\nHost: x\r\nContent-Length: 18446744073709551621\r\n\r\n", 400),
        .rejects("19-digit Content-Length", "POST / HTTP/1.1\r\nHost: x\r\nContent-Length: 0000000000000000005\r\n\r\n", 400),
        .rejects("empty Content-Length", "POST / HTTP/1.1\r\nHost: x\r\nContent-Length:\r\n\r\n", 400),
        .rejects("Content-Length list with an empty element", "POST / HTTP/1.1\r\nHost: x\r\nContent-Length: 5,\r\n\r\n", 400),
        .rejects("differing Content-Length list", "POST / HTTP/1.1\r\nHost: x\r\nContent-Length: 5, 6\r\n\r\n", 400),
        .rejects("differing repeated Content-Length", "POST / HTTP/1.1\r\nHost: x\r\nContent-Length: 5\r\nContent-Length: 6\r\n\r\n", 400),
        .rejects("empty Transfer-Encoding", "POST / HTTP/1.1\r\nHost: x\r\nTransfer-Encoding:\r\n\r\n", 400),
        .rejects("gzip coding", "POST / HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: gzip\r\n\r\n", 501),
        .rejects("identity coding", "POST / HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: identity\r\n\r\n", 501),
        .rejects("gzip before chunked", "POST / HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: gzip, chunked\r\n\r\n", 501),
        .rejects("chunked not last", "POST / HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked, gzip\r\n\r\n", 501),
        .rejects("chunked twice", "POST / HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\nTransfer-Encoding: chunked\r\n\r\n", 501),
        .rejects(
            "codings split over two fields", "POST / HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: gzip\r\nTransfer-Encoding: chunked\r\n\r\n",
            501),
        .rejects("chunked with a parameter", "POST / HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked;q=1\r\n\r\n", 501),
        .rejects("misspelled chunked", "POST / HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunk\r\n\r\n", 501),
    ]

    static let connection: [HeadCase] = [
        .parses("1.1 keeps alive by default", "GET / HTTP/1.1\r\nHost: x\r\n\r\n", get()),
        .parses(
            "1.1 closes on close", "GET / HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n",
            .init(method: "GET", target: "/", headers: ["Host: x", "Connection: close"], keepAlive: false)),
        .parses(
            "1.1 finds close in a list", "GET / HTTP/1.1\r\nHost: x\r\nConnection: Upgrade, CLOSE\r\n\r\n",
            .init(method: "GET", target: "/", headers: ["Host: x", "Connection: Upgrade, CLOSE"], keepAlive: false)),
        .parses(
            "1.1 ignores a close inside another token", "GET / HTTP/1.1\r\nHost: x\r\nConnection: closed\r\n\r\n",
            get("/", ["Connection: closed"])),
        .parses(
            "1.0 closes by default", "GET / HTTP/1.0\r\nHost: x\r\n\r\n",
            .init(method: "GET", target: "/", version: .http1_0, headers: ["Host: x"], keepAlive: false)),
        .parses(
            "1.0 keeps alive on keep-alive", "GET / HTTP/1.0\r\nConnection: Keep-Alive\r\n\r\n",
            .init(method: "GET", target: "/", version: .http1_0, headers: ["Connection: Keep-Alive"])),
        .parses(
            "1.0 close wins over keep-alive", "GET / HTTP/1.0\r\nConnection: keep-alive\r\nConnection: close\r\n\r\n",
            .init(
                method: "GET", target: "/", version: .http1_0, headers: ["Connection: keep-alive", "Connection: close"],
                keepAlive: false)),
        .parses(
            "Expect 100-continue", "PUT / HTTP/1.1\r\nHost: x\r\nContent-Length: 3\r\nExpect: 100-Continue\r\n\r\n",
            .init(
                method: "PUT", target: "/", headers: ["Host: x", "Content-Length: 3", "Expect: 100-Continue"],
                framing: .contentLength(3), expectsContinue: true)),
        .parses(
            "1.0 expectations are ignored", "PUT / HTTP/1.0\r\nExpect: 100-continue\r\nX-A: 1\r\nExpect: teapot\r\n\r\n",
            .init(
                method: "PUT", target: "/", version: .http1_0, headers: ["Expect: 100-continue", "X-A: 1", "Expect: teapot"],
                keepAlive: false)),
        .rejects("another expectation", "PUT / HTTP/1.1\r\nHost: x\r\nExpect: 200-ok\r\n\r\n", 417),
        .rejects("100-continue within a list", "PUT / HTTP/1.1\r\nHost: x\r\nExpect: 100-continue, x\r\n\r\n", 417),
    ]

    static let pipelining: [HeadCase] = [
        .parses(
            "first of two pipelined requests", "GET /1 HTTP/1.1\r\nHost: x\r\n\r\nGET /2 HTTP/1.1\r\nHost: x\r\n\r\n",
            get("/1"), consumed: 28),
        .parses(
            "first of two requests with a body between", "POST / HTTP/1.1\r\nHost: x\r\nContent-Length: 2\r\n\r\nhiGET / HTTP/1.1\r\n",
            .init(method: "POST", target: "/", headers: ["Host: x", "Content-Length: 2"], framing: .contentLength(2)),
            consumed: 47),
    ]

    static let limitCases: [HeadCase] = {
        let hundredKiBTarget = "/" + String(repeating: "a", count: 100_000)
        let longestTarget = "/" + String(repeating: "a", count: 8176)  // "GET " + target + " HTTP/1.1\r\n" == 8192 bytes
        let fill = String(repeating: "f", count: 32_736)  // makes the whole head 32 KiB exactly
        let hundredFields = (1...99).map { "F\($0): v" }
        return [
            .rejects("100 KB URL", [UInt8](ascii: "GET \(hundredKiBTarget) HTTP/1.1\r\nHost: x\r\n\r\n"), 414, answeredAt: 8192),
            .rejects("long URL still arriving", [UInt8](ascii: "GET /" + String(repeating: "a", count: 9000)), 414, answeredAt: 8192),
            .parses("request line exactly at the limit", "GET \(longestTarget) HTTP/1.1\r\nHost: x\r\n\r\n", get(longestTarget)),
            .rejects(
                "request line one byte over the limit", [UInt8](ascii: "GET \(longestTarget)a HTTP/1.1\r\nHost: x\r\n\r\n"), 414,
                answeredAt: 8192),
            .rejects(
                "request line limit counts from after leading empty lines",
                [UInt8](ascii: "\r\n\r\nGET /" + String(repeating: "a", count: 100) + " HTTP/1.1\r\nHost: x\r\n\r\n"), 414,
                limits: makeLimits(requestLine: 64), answeredAt: 68),
            .rejects(
                "bare CR met before the request line limit",
                [UInt8](ascii: "GET /aaaaa\r" + String(repeating: "b", count: 20) + " HTTP/1.1\r\nHost: x\r\n\r\n"), 400,
                limits: makeLimits(requestLine: 16), answeredAt: 12),
            .rejects(
                "bare CR and request line limit met at the same byte",
                [UInt8](ascii: "GET /aaaaaaaaa\r" + String(repeating: "b", count: 20) + " HTTP/1.1\r\nHost: x\r\n\r\n"), 400,
                limits: makeLimits(requestLine: 16), answeredAt: 16),
            .rejects(
                "request line limit met before a bare CR",
                [UInt8](ascii: "GET /aaaaaaaaaa\r" + String(repeating: "b", count: 20) + " HTTP/1.1\r\nHost: x\r\n\r\n"), 414,
                limits: makeLimits(requestLine: 16), answeredAt: 16),
            .rejects(
                "earlier limit wins: head section before request line", [UInt8](ascii: "GET /" + String(repeating: "a", count: 100)),
                431, limits: makeLimits(requestLine: 64, headerSection: 48), answeredAt: 48),
            .rejects(
                "earlier limit wins: request line before head section", [UInt8](ascii: "GET /" + String(repeating: "a", count: 100)),
                414, limits: makeLimits(requestLine: 48, headerSection: 64), answeredAt: 48),
            .rejects(
                "400 headers", [UInt8](ascii: "GET / HTTP/1.1\r\nHost: x\r\n" + String(repeating: "X-N: v\r\n", count: 400) + "\r\n"),
                431, answeredAt: 25 + 100 * 8),
            .parses(
                "exactly 100 fields", "GET / HTTP/1.1\r\nHost: x\r\n" + hundredFields.map { $0 + "\r\n" }.joined() + "\r\n",
                get("/", hundredFields)),
            .rejects(
                "header section over 32 KiB",
                [UInt8](
                    ascii: "GET / HTTP/1.1\r\nHost: x\r\n"
                        + String(repeating: "X-Fill: " + String(repeating: "f", count: 1000) + "\r\n", count: 40) + "\r\n"),
                431, answeredAt: 32_768),
            .parses("header section of exactly 32 KiB", "GET / HTTP/1.1\r\nHost: x\r\nX: \(fill)\r\n\r\n", get("/", ["X: \(fill)"])),
            .rejects(
                "header section one byte over 32 KiB", [UInt8](ascii: "GET / HTTP/1.1\r\nHost: x\r\nX: \(fill)f\r\n\r\n"), 431,
                answeredAt: 32_768),
            .rejects(
                "unterminated header section", [UInt8](ascii: "GET / HTTP/1.1\r\nHost: x\r\nX: " + String(repeating: "f", count: 40_000)),
                431, answeredAt: 32_768),
            .rejects("flood of empty lines", [UInt8](ascii: String(repeating: "\r\n", count: 20_000)), 431, answeredAt: 32_768),
        ]
    }()

    static let all = requestLine + fields + framing + connection + pipelining + limitCases

    /// Rows small enough to try every two-piece split of (that costs quadratic time in the test).
    static let small = all.filter { $0.bytes.count <= 2048 }

    func with(limits: HTTPServerLimits) -> HeadCase {
        var copy = self
        copy.limits = limits
        return copy
    }
}

struct HTTPRequestHeadParserTests {
    @Test(arguments: HeadCase.all)
    func wholeInputGivesTheExpectedOutcome(_ row: HeadCase) {
        #expect(ParserHarness.parseWhole(row.bytes, limits: row.limits) == row.expected)
    }

    /// A socket may deliver one byte per read: the parser must wait until the head is complete and then
    /// give the same answer, or refuse with the same status, earlier only when a limit is already broken.
    @Test(arguments: HeadCase.all)
    func bytesArrivingOneAtATimeGiveTheSameOutcome(_ row: HeadCase) {
        let (outcome, prefixLength) = ParserHarness.parseGrowing(row.bytes, limits: row.limits)
        #expect(outcome == row.expected)
        switch row.expected {
        case .complete(_, let consumed):
            #expect(prefixLength == consumed, "a head completes exactly when its last LF arrives")
        case .invalid:
            if let answeredAt = row.answeredAt { #expect(prefixLength == answeredAt) }
        case .needMore:
            break
        }
    }

    @Test(arguments: HeadCase.small)
    func anyTwoPieceSplitGivesTheSameOutcome(_ row: HeadCase) {
        for split in 0...row.bytes.count {
            let outcome = ParserHarness.parseInTwo(row.bytes, at: split, limits: row.limits)
            #expect(outcome == row.expected, "split at \(split)")
            if outcome != row.expected { return }
        }
    }

    @Test func pipelinedRequestsParseOneAfterTheOtherWithTheSameParser() {
        let bytes = [UInt8](ascii: "GET /1 HTTP/1.1\r\nHost: x\r\n\r\nGET /2 HTTP/1.0\r\n\r\n")
        var parser = HTTPRequestHeadParser(limits: HTTPServerLimits())
        bytes.withUnsafeBytes { all in
            guard case .complete(let first, let consumed) = parser.parse(all) else {
                Issue.record("the first request should be complete")
                return
            }
            #expect(first.target == "/1")
            #expect(consumed == 28)
            let rest = UnsafeRawBufferPointer(rebasing: all[consumed...])
            guard case .complete(let second, let secondConsumed) = parser.parse(rest) else {
                Issue.record("the second request should be complete")
                return
            }
            #expect(second.target == "/2")
            #expect(second.version == .http1_0)
            #expect(secondConsumed == rest.count)
        }
    }

    @Test func invalidVerdictRepeatsUntilReset() {
        var parser = HTTPRequestHeadParser(limits: HTTPServerLimits())
        let bad = [UInt8](ascii: "GET / HTTP/2.0\r\n")
        let good = [UInt8](ascii: "GET / HTTP/1.1\r\nHost: x\r\n\r\n")
        #expect(bad.withUnsafeBytes { ParserHarness.HeadOutcome(parser.parse($0)) } == .invalid(505))
        #expect(good.withUnsafeBytes { ParserHarness.HeadOutcome(parser.parse($0)) } == .invalid(505))
        parser.reset()
        #expect(good.withUnsafeBytes { ParserHarness.HeadOutcome(parser.parse($0)) } == .complete(get(), consumed: good.count))
    }

    /// A 30 KiB head delivered one byte per read parses like the whole; were each call rescanning from the
    /// start this would take some 450 million byte reads.
    @Test func thirtyKiBHeadFedByteByByteParses() {
        let fields = (1...95).map { "X-Field-\($0): " + String(repeating: "v", count: 320) }
        let text = "GET / HTTP/1.1\r\nHost: x\r\n" + fields.map { $0 + "\r\n" }.joined() + "\r\n"
        let bytes = [UInt8](ascii: text)
        #expect(bytes.count > 30 * 1024)
        let expected = ParserHarness.HeadOutcome.complete(get("/", fields), consumed: bytes.count)
        let (outcome, prefixLength) = ParserHarness.parseGrowing(bytes, limits: HTTPServerLimits())
        #expect(outcome == expected)
        #expect(prefixLength == bytes.count)
    }

    /// Lines already parsed are never read again: garbage written over them between calls goes unnoticed,
    /// which a parser restarting from the first byte would trip over.
    @Test func linesAlreadyParsedAreNotReadAgain() {
        var bytes = [UInt8](ascii: "GET /a HTTP/1.1\r\nHost: x\r\nX-Partial: ab")
        var parser = HTTPRequestHeadParser(limits: HTTPServerLimits())
        #expect(bytes.withUnsafeBytes { ParserHarness.HeadOutcome(parser.parse($0)) } == .needMore)
        for index in 0..<26 { bytes[index] = 0 }
        bytes += [UInt8](ascii: "c\r\n\r\n")
        #expect(
            bytes.withUnsafeBytes { ParserHarness.HeadOutcome(parser.parse($0)) }
                == .complete(get("/a", ["X-Partial: abc"]), consumed: bytes.count))
    }
}
