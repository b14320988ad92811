import Foundation
import TestSupport

/// A tiny browser for end-to-end tests: a cookie jar, form posts, and the CSRF field read from pages.
final class Browser {
    let port: Int
    var cookies: [String: String] = [:]
    var userAgent = "Mozilla/5.0 (X11; Linux x86_64; rv:130.0) Gecko/20100101 Firefox/130.0"
    /// Sent with every request after the usual ones, as a proxy in front would add them (`X-Forwarded-For`).
    var extraHeaders: [(String, String)] = []

    init(port: Int) { self.port = port }

    /// Every `Set-Cookie` field of a response.
    static func setCookies(_ response: TestClient.Response) -> [String] {
        response.headers.filter { $0.0.lowercased() == "set-cookie" }.map(\.1)
    }

    /// The `Set-Cookie` field for `name`, if the response set it.
    static func setCookie(_ name: String, in response: TestClient.Response) -> String? {
        setCookies(response).first { $0.hasPrefix(name + "=") }
    }

    func get(_ path: String) throws -> TestClient.Response {
        try send("GET \(path) HTTP/1.1\r\nHost: localhost\r\n\(commonHeaders())\r\n")
    }

    func post(_ path: String, _ fields: [(String, String)]) throws -> TestClient.Response {
        let body = fields.map { "\(Self.encode($0.0))=\(Self.encode($0.1))" }.joined(separator: "&")
        return try send(
            "POST \(path) HTTP/1.1\r\nHost: localhost\r\n\(commonHeaders())Content-Type: application/x-www-form-urlencoded\r\n"
                + "Content-Length: \(body.utf8.count)\r\n\r\n\(body)")
    }

    /// Posts a form shown at `page`, adding its `csrf` field.
    func submit(_ page: String, to path: String, _ fields: [(String, String)]) throws -> TestClient.Response {
        let csrf = Self.csrf(in: try get(page).text) ?? ""
        return try post(path, [("csrf", csrf)] + fields)
    }

    /// Signs in through the form, returning the answer to the POST.
    func signIn(_ email: String, _ password: String, returnTo: String? = nil) throws -> TestClient.Response {
        let page = returnTo.map { "/login?return_to=" + Self.encode($0) } ?? "/login"
        let csrf = Self.csrf(in: try get(page).text) ?? ""
        return try post("/login", [("csrf", csrf), ("email", email), ("password", password), ("return_to", returnTo ?? "")])
    }

    /// The first `csrf` hidden field's value in a page.
    static func csrf(in html: String) -> String? {
        html.firstMatch(of: /name="csrf" value="([^"]*)"/).map { String($0.1) }
    }

    static func encode(_ text: String) -> String {
        var allowed = CharacterSet.alphanumerics
        allowed.insert(charactersIn: "-._~")
        return text.addingPercentEncoding(withAllowedCharacters: allowed) ?? text
    }

    private func commonHeaders() -> String {
        var headers = "User-Agent: \(userAgent)\r\n" + extraHeaders.map { "\($0.0): \($0.1)\r\n" }.joined()
        if !cookies.isEmpty {
            headers += "Cookie: " + cookies.sorted { $0.key < $1.key }.map { "\($0.key)=\($0.value)" }.joined(separator: "; ") + "\r\n"
        }
        return headers
    }

    func send(_ request: String) throws -> TestClient.Response {
        let response = try TestClient(port: port, timeoutSeconds: 10).exchange(request)
        for field in Self.setCookies(response) {
            let pair = field.split(separator: ";", maxSplits: 1)[0]
            let parts = pair.split(separator: "=", maxSplits: 1, omittingEmptySubsequences: false)
            let name = String(parts[0])
            if field.contains("Max-Age=0") || parts.count < 2 || parts[1].isEmpty {
                cookies[name] = nil
            } else {
                cookies[name] = String(parts[1])
            }
        }
        return response
    }
}
