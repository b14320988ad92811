import Foundation
import Glibc

/// A blocking raw-socket HTTP client for black-box tests: it sends exactly the bytes a test gives it.
package final class TestClient {
    package struct Response {
        package var status: Int
        package var headers: [(String, String)]
        package var body: [UInt8]

        package func header(_ name: String) -> String? {
            headers.first { $0.0.lowercased() == name.lowercased() }?.1
        }

        package var text: String { String(decoding: body, as: UTF8.self) }
    }

    package enum Failure: Error, CustomStringConvertible {
        case connect(Int32), timeout, closed, malformed(String)
        package var description: String {
            switch self {
            case .connect(let code): "connect failed: errno \(code)"
            case .timeout: "timed out waiting for the server"
            case .closed: "the server closed the connection"
            case .malformed(let text): "malformed response: \(text)"
            }
        }
    }

    package let fd: Int32
    private var buffer: [UInt8] = []

    package init(port: Int, timeoutSeconds: Int = 5) throws {
        // The socket stays in a local until it is connected. Once every stored property is set, a throwing
        // initializer runs `deinit`, which would close the descriptor a second time: by then the number may
        // belong to a connection the server (in this same process) just accepted, and closing it behind
        // the server's back crashed the black-box tests.
        let socketFD = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        guard socketFD >= 0 else { throw Failure.connect(errno) }
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_port = in_port_t(UInt16(port).bigEndian)
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        let result = withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { Glibc.connect(socketFD, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) }
        }
        guard result == 0 else {
            let code = errno
            Glibc.close(socketFD)
            throw Failure.connect(code)
        }
        fd = socketFD
        setTimeout(seconds: timeoutSeconds)
    }

    deinit { Glibc.close(fd) }

    package func setTimeout(seconds: Int, microseconds: Int = 0) {
        var timeout = timeval(tv_sec: seconds, tv_usec: microseconds)
        setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &timeout, socklen_t(MemoryLayout<timeval>.size))
    }

    package func send(_ text: String) throws { try send(Array(text.utf8)) }

    package func send(_ bytes: [UInt8]) throws {
        var offset = 0
        while offset < bytes.count {
            let written = bytes[offset...].withUnsafeBytes { Glibc.send(fd, $0.baseAddress, $0.count, Int32(MSG_NOSIGNAL)) }
            guard written > 0 else { throw Failure.closed }
            offset += written
        }
    }

    /// Reads more bytes into the buffer; false on orderly close.
    private func fill() throws -> Bool {
        var chunk = [UInt8](repeating: 0, count: 65536)
        let count = chunk.withUnsafeMutableBytes { recv(fd, $0.baseAddress, $0.count, 0) }
        if count > 0 {
            buffer.append(contentsOf: chunk[0..<count])
            return true
        }
        if count == 0 { return false }
        if errno == EAGAIN || errno == EWOULDBLOCK { throw Failure.timeout }
        if errno == ECONNRESET { return false }
        throw Failure.closed
    }

    private func takeLine() throws -> String {
        while true {
            if let newline = buffer.firstIndex(of: 10) {
                var line = Array(buffer[..<newline])
                if line.last == 13 { line.removeLast() }
                buffer.removeFirst(newline + 1)
                return String(decoding: line, as: UTF8.self)
            }
            guard try fill() else { throw Failure.closed }
        }
    }

    private func take(_ count: Int) throws -> [UInt8] {
        while buffer.count < count {
            guard try fill() else { throw Failure.closed }
        }
        let bytes = Array(buffer[..<count])
        buffer.removeFirst(count)
        return bytes
    }

    /// Reads one response; `head` says whether it answers a HEAD request (no body follows).
    package func readResponse(head: Bool = false) throws -> Response {
        let statusLine = try takeLine()
        let parts = statusLine.split(separator: " ", maxSplits: 2)
        guard parts.count >= 2, parts[0].hasPrefix("HTTP/1."), let status = Int(parts[1]) else { throw Failure.malformed(statusLine) }
        var headers: [(String, String)] = []
        while true {
            let line = try takeLine()
            if line.isEmpty { break }
            guard let colon = line.firstIndex(of: ":") else { throw Failure.malformed(line) }
            headers.append((String(line[..<colon]), line[line.index(after: colon)...].trimmingCharacters(in: .whitespaces)))
        }
        var response = Response(status: status, headers: headers, body: [])
        if head || status == 204 || status == 304 || status < 200 { return response }
        if response.header("Transfer-Encoding")?.lowercased() == "chunked" {
            while true {
                let sizeLine = try takeLine()
                guard let size = Int(sizeLine.split(separator: ";")[0], radix: 16) else { throw Failure.malformed(sizeLine) }
                if size == 0 {
                    while try !takeLine().isEmpty {}
                    break
                }
                response.body += try take(size)
                _ = try takeLine()
            }
        } else if let length = response.header("Content-Length").flatMap(Int.init) {
            response.body = try take(length)
        } else {
            while try fill() {}
            response.body = buffer
            buffer = []
        }
        return response
    }

    /// True when the server closes the connection (orderly or reset) within the socket timeout.
    package func waitForClose() -> Bool {
        do {
            while try fill() { buffer.removeAll() }
            return true
        } catch {
            return false
        }
    }

    /// Sends a request and reads its response.
    package func exchange(_ request: String, head: Bool = false) throws -> Response {
        try send(request)
        return try readResponse(head: head)
    }
}

/// Reads lines from a pipe, blocking until each arrives.
package final class LineReader {
    private let handle: FileHandle
    private var pending = Data()

    package init(_ handle: FileHandle) { self.handle = handle }

    package func next() -> String? {
        while true {
            if let newline = pending.firstIndex(of: 10) {
                let line = String(decoding: pending[pending.startIndex..<newline], as: UTF8.self)
                pending.removeSubrange(pending.startIndex...newline)
                return line
            }
            let chunk = handle.availableData
            if chunk.isEmpty { return nil }
            pending.append(chunk)
        }
    }
}
