import HTTPServer
import Synchronization
import Testing

@testable import Web

/// Runs offloaded work inline and counts how often it was asked to.
final class CountingOffloader: HTTPOffloading {
    private let calls = Atomic<Int>(0)

    var count: Int { calls.load(ordering: .relaxed) }

    func offload(_ work: @escaping @Sendable () -> HTTPResponse) -> HTTPPendingResponse {
        calls.add(1, ordering: .relaxed)
        return InlineOffloader().offload(work)
    }
}

/// An `AccessLog` whose output is kept in memory.
final class CapturedLog: Sendable {
    let log: AccessLog
    private let sink: Sink

    init() {
        let sink = Sink()
        self.sink = sink
        log = AccessLog(output: .handler { bytes in sink.append(bytes) })
    }

    /// Flushes the log and returns every line written so far.
    var lines: [String] {
        log.flush()
        return sink.text.split(separator: "\n").map(String.init)
    }

    private final class Sink: Sendable {
        private let bytes = Mutex<[UInt8]>([])
        func append(_ more: [UInt8]) { bytes.withLock { $0.append(contentsOf: more) } }
        var text: String { bytes.withLock { String(decoding: $0, as: UTF8.self) } }
    }
}

func makeRequest(
    _ method: HTTPMethod = .get, _ target: String, headers: HTTPHeaders = HTTPHeaders(), body: [UInt8] = []
) -> HTTPRequest {
    HTTPRequest(
        head: HTTPRequestHead(
            method: method, target: target, headers: headers, framing: body.isEmpty ? .none : .contentLength(body.count)),
        body: body)
}

extension WebApplication {
    /// Sends a request through the application as the server core would, with the given offloader.
    func send(
        _ method: HTTPMethod = .get, _ target: String, headers: HTTPHeaders = HTTPHeaders(), body: [UInt8] = [],
        offloader: any HTTPOffloading = InlineOffloader()
    ) -> HTTPResponse {
        let context = HTTPResponderContext(remoteAddress: "127.0.0.1", offloader: offloader)
        switch respond(to: makeRequest(method, target, headers: headers, body: body), context: context) {
        case .response(let response):
            return response
        case .pending(let pending):
            return pending.readyResponse!
        }
    }
}

extension HTTPResponse {
    var bodyBytes: [UInt8] {
        switch body {
        case .empty: []
        case .bytes(let bytes): bytes
        case .file, .stream: []
        }
    }

    var bodyText: String { String(decoding: bodyBytes, as: UTF8.self) }
}
