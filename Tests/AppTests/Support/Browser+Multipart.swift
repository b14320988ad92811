import Foundation
import TestSupport

extension Browser {
    /// Posts a `multipart/form-data` form as a browser does for a form with a file input.
    func postMultipart(
        _ path: String, _ fields: [(String, String)], files: [(name: String, filename: String, content: String)] = [],
        boundary: String = "----PorticoTestBoundary\(UUID().uuidString.prefix(8))"
    ) throws -> TestClient.Response {
        var body = ""
        for (name, value) in fields {
            body += "--\(boundary)\r\nContent-Disposition: form-data; name=\"\(name)\"\r\n\r\n\(value)\r\n"
        }
        for file in files {
            body +=
                "--\(boundary)\r\nContent-Disposition: form-data; name=\"\(file.name)\"; filename=\"\(file.filename)\"\r\n"
                + "Content-Type: text/csv\r\n\r\n\(file.content)\r\n"
        }
        body += "--\(boundary)--\r\n"
        return try send(
            "POST \(path) HTTP/1.1\r\nHost: localhost\r\nUser-Agent: \(userAgent)\r\n\(cookieHeader)"
                + "Content-Type: multipart/form-data; boundary=\(boundary)\r\nContent-Length: \(body.utf8.count)\r\n\r\n\(body)")
    }

    private var cookieHeader: String {
        cookies.isEmpty
            ? "" : "Cookie: " + cookies.sorted { $0.key < $1.key }.map { "\($0.key)=\($0.value)" }.joined(separator: "; ") + "\r\n"
    }
}
