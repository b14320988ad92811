import Foundation
import Glibc
import HTTPServer
import TestSupport
import Testing

/// The responder behind the black-box tests: echoes what it was asked, with a few special paths.
struct EchoResponder: HTTPResponder {
    var filePath: String?

    func maxBodySize(for head: HTTPRequestHead, default defaultLimit: Int) -> Int {
        head.path == "/big-upload" ? 8 * 1024 * 1024 : defaultLimit
    }

    func respond(to request: HTTPRequest, context: HTTPResponderContext) -> HTTPReply {
        switch request.head.path {
        case "/slow":
            return context.offload {
                usleep(300_000)
                return HTTPResponse(status: .ok, contentType: "text/plain", body: "slow done")
            }
        case "/stream":
            return .response(
                HTTPResponse(
                    status: .ok, headers: ["Content-Type": "text/plain"], body: .stream(ChunkStream(["alpha-", "", "beta-", "gamma"]))))
        case "/file":
            let fd = open(filePath ?? "/dev/null", O_RDONLY | O_CLOEXEC)
            var info = stat()
            fstat(fd, &info)
            return .response(
                HTTPResponse(
                    status: .ok, headers: ["Content-Type": "application/octet-stream"],
                    body: .file(FileRegion(descriptor: fd, offset: 0, count: Int(info.st_size)))))
        case "/no-content":
            return .response(HTTPResponse(status: .noContent))
        case "/block-loop":
            // Blocks the loop's own thread, as no real responder may, to show that other loops take new connections.
            usleep(600_000)
            return .response(HTTPResponse(status: .ok, contentType: "text/plain", body: Self.threadName()))
        case "/thread":
            return .response(HTTPResponse(status: .ok, contentType: "text/plain", body: Self.threadName()))
        default:
            let text = "\(request.method.rawValue) \(request.head.target) \(request.body.count)\n"
            return .response(HTTPResponse(status: .ok, contentType: "text/plain", body: Array(text.utf8) + request.body))
        }
    }

    /// The name of the thread answering, `portico-loop-N` on an event loop.
    private static func threadName() -> String {
        let name = (try? String(contentsOfFile: "/proc/thread-self/comm", encoding: .utf8)) ?? "unknown"
        return name.trimmingCharacters(in: .whitespacesAndNewlines)
    }
}

final class ChunkStream: HTTPBodyStream, @unchecked Sendable {
    // Only ever called from the one loop that writes the response.
    private var chunks: [String]

    init(_ chunks: [String]) { self.chunks = chunks }

    func next() -> [UInt8]? {
        guard !chunks.isEmpty else { return nil }
        return Array(chunks.removeFirst().utf8)
    }
}

/// Starts a server on a loopback port 0, runs `body`, then stops it gracefully.
func withServer(
    limits: HTTPServerLimits = HTTPServerLimits(), loops: Int = 2, responder: EchoResponder = EchoResponder(),
    _ body: (HTTPServer) throws -> Void
) throws {
    let server = HTTPServer(
        configuration: HTTPServerConfiguration(host: "127.0.0.1", port: 0, loopCount: loops, workerCount: 2, limits: limits),
        responder: responder)
    try server.start()
    defer {
        server.shutdown()
        server.wait()
        // Non-zero means something in this process closed a descriptor the server owned (a double close).
        #expect(server.descriptorsClosedElsewhere == 0)
    }
    try body(server)
}

/// A fresh client gets a normal answer: the check every black-box test ends with.
func assertAlive(_ server: HTTPServer) throws -> Bool {
    let client = try TestClient(port: server.port)
    let response = try client.exchange("GET /alive HTTP/1.1\r\nHost: t\r\n\r\n")
    return response.status == 200 && response.text.hasPrefix("GET /alive")
}
