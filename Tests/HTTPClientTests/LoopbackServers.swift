import Foundation
import Glibc
import HTTPServer
import Testing

/// The responder behind the client tests: echoes a request, or answers with more than a small limit.
struct ClientTestResponder: HTTPResponder {
    func respond(to request: HTTPRequest, context: HTTPResponderContext) -> HTTPReply {
        switch request.head.path {
        case "/large":
            return .response(HTTPResponse(status: .ok, contentType: "text/plain", body: [UInt8](repeating: 0x78, count: 4096)))
        case "/large-unannounced":
            // Chunked, so the size is known only as it arrives.
            let chunks = Array(repeating: [UInt8](repeating: 0x78, count: 1024), count: 4)
            return .response(HTTPResponse(status: .ok, headers: ["Content-Type": "text/plain"], body: .stream(Chunks(chunks))))
        case "/redirect":
            return .response(HTTPResponse(status: .found, headers: ["Location": "/echo"]))
        default:
            var headers: HTTPHeaders = ["Content-Type": "text/plain"]
            headers.add(name: "X-Echo-Token", value: request.head.headers["X-Token"] ?? "none")
            headers.add(name: "X-Echo-Content-Type", value: request.head.headers["Content-Type"] ?? "none")
            let text = "\(request.method.rawValue) \(request.head.target) "
            return .response(HTTPResponse(status: .created, headers: headers, body: .bytes(Array(text.utf8) + request.body)))
        }
    }
}

final class Chunks: HTTPBodyStream, @unchecked Sendable {
    // Only ever called from the one loop that writes the response.
    private var chunks: [[UInt8]]

    init(_ chunks: [[UInt8]]) { self.chunks = chunks }

    func next() -> [UInt8]? { chunks.isEmpty ? nil : chunks.removeFirst() }
}

/// Portico's own server on a loopback port 0 for the length of `body`.
func withServer(_ body: (HTTPServer) throws -> Void) throws {
    let server = HTTPServer(
        configuration: HTTPServerConfiguration(host: "127.0.0.1", port: 0, loopCount: 1, workerCount: 1), responder: ClientTestResponder())
    try server.start()
    defer {
        server.shutdown()
        server.wait()
    }
    try body(server)
}

/// A loopback socket bound to a free port; listening, the kernel completes handshakes that nobody accepts.
final class LoopbackSocket {
    private(set) var descriptor: Int32
    let port: Int

    init(listening: Bool) throws {
        let descriptor = socket(AF_INET, Int32(SOCK_STREAM.rawValue) | Int32(SOCK_CLOEXEC.rawValue), 0)
        self.descriptor = descriptor
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        var length = socklen_t(MemoryLayout<sockaddr_in>.size)
        let bound = withUnsafeMutablePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { pointer in
                bind(descriptor, pointer, length) == 0 && getsockname(descriptor, pointer, &length) == 0
            }
        }
        try #require(bound)
        if listening { try #require(listen(descriptor, 8) == 0) }
        self.port = Int(UInt16(bigEndian: address.sin_port))
    }

    func close() {
        if descriptor >= 0 { _ = Glibc.close(descriptor) }
        descriptor = -1
    }

    deinit { close() }
}

/// `openssl s_server -www` with a fresh self-signed certificate for `localhost`, for as long as `body` runs.
///
/// Needs the openssl command (`opensslPath`), which scripts/test installs; without it the test fails rather than skipping.
func withSelfSignedTLSServer(_ body: (Int) throws -> Void) throws {
    let openssl = try #require(opensslPath)
    let directory = FileManager.default.temporaryDirectory.appendingPathComponent("portico-tls-\(UUID().uuidString)")
    try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
    defer { try? FileManager.default.removeItem(at: directory) }
    let key = directory.appendingPathComponent("key.pem").path
    let certificate = directory.appendingPathComponent("cert.pem").path
    let generate = try run(
        openssl,
        [
            "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-keyout", key, "-out", certificate, "-days", "1", "-subj", "/CN=localhost",
            "-addext", "subjectAltName=DNS:localhost,IP:127.0.0.1",
        ])
    generate.waitUntilExit()
    try #require(generate.terminationStatus == 0)

    // A port that was free a moment ago; s_server cannot report the one it picks.
    let probe = try LoopbackSocket(listening: false)
    let port = probe.port
    probe.close()
    let server = try run(openssl, ["s_server", "-www", "-accept", "127.0.0.1:\(port)", "-cert", certificate, "-key", key, "-quiet"])
    defer {
        // s_server outlives SIGTERM while a client's connection lingers.
        kill(server.processIdentifier, SIGKILL)
        server.waitUntilExit()
    }
    try #require(waitForListener(port: port))
    try body(port)
}

/// The openssl command, when one is installed.
let opensslPath = ["/usr/bin/openssl", "/bin/openssl"].first { FileManager.default.isExecutableFile(atPath: $0) }

private func run(_ executable: String, _ arguments: [String]) throws -> Process {
    let process = Process()
    process.executableURL = URL(fileURLWithPath: executable)
    process.arguments = arguments
    process.standardOutput = FileHandle.nullDevice
    process.standardError = FileHandle.nullDevice
    try process.run()
    return process
}

/// Polls for up to 5 s until something accepts connections on the loopback `port`.
private func waitForListener(port: Int) -> Bool {
    for _ in 0..<100 {
        let descriptor = socket(AF_INET, Int32(SOCK_STREAM.rawValue) | Int32(SOCK_CLOEXEC.rawValue), 0)
        defer { _ = Glibc.close(descriptor) }
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        address.sin_port = UInt16(port).bigEndian
        let connected = withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { connect(descriptor, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) == 0 }
        }
        if connected { return true }
        usleep(50_000)
    }
    return false
}
