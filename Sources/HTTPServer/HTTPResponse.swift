import System

/// A response to write: status, headers and body.
///
/// The writer adds `Date`, `Content-Length` or `Transfer-Encoding`, and `Connection: close` itself;
/// handlers set everything else.
package struct HTTPResponse: Sendable {
    package var status: HTTPStatus
    package var headers: HTTPHeaders
    package var body: HTTPResponseBody

    package init(status: HTTPStatus = .ok, headers: HTTPHeaders = HTTPHeaders(), body: HTTPResponseBody = .empty) {
        self.status = status
        self.headers = headers
        self.body = body
    }

    package init(status: HTTPStatus = .ok, contentType: String, body: [UInt8]) {
        var headers = HTTPHeaders()
        // Middleware usually adds a few more (request id, security headers): one allocation for all of them.
        headers.reserveCapacity(6)
        headers.add(name: "Content-Type", value: contentType)
        self.init(status: status, headers: headers, body: .bytes(body))
    }

    package init(status: HTTPStatus = .ok, contentType: String, body: String) {
        self.init(status: status, contentType: contentType, body: Array(body.utf8))
    }
}

/// The content of a response.
package enum HTTPResponseBody: Sendable {
    case empty
    case bytes([UInt8])
    /// A region of an open file, sent with `sendfile(2)` so it is never copied into memory.
    case file(FileRegion)
    /// Content produced piece by piece on the event loop, sent chunked (or close-delimited to HTTP/1.0).
    case stream(any HTTPBodyStream)

    /// The length when it is known before writing.
    package var knownLength: Int? {
        switch self {
        case .empty: 0
        case .bytes(let bytes): bytes.count
        case .file(let region): region.count
        case .stream: nil
        }
    }
}

/// A producer of response content for `HTTPResponseBody.stream`.
///
/// `next()` is called on the connection's event loop whenever the socket can take more; it must not block
/// (reading a page of SQLite rows is fine). Returning nil ends the body.
package protocol HTTPBodyStream: AnyObject, Sendable {
    func next() -> [UInt8]?
}

/// A byte range of a file the response owns; the descriptor is closed when the region is released.
package final class FileRegion: Sendable {
    package let descriptor: Int32
    package let offset: Int
    package let count: Int

    /// Takes ownership of `descriptor`.
    package init(descriptor: Int32, offset: Int, count: Int) {
        self.descriptor = descriptor
        self.offset = offset
        self.count = count
    }

    deinit { _ = SystemCalls.closeIgnoringErrors(descriptor) }
}
