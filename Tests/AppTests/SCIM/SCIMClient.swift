import Commands
import Foundation
import TestSupport
import Testing

@testable import App

/// An identity provider's side of `/scim/v2` for end-to-end tests: a token made as an admin would make it,
/// and requests in SCIM's media type.
struct SCIMClient {
    let port: Int
    let token: String

    /// Makes a token named `name` on the app's data directory, as `portico scim-token create` does.
    init(_ app: PorticoApp, name: String = "Entra ID") throws {
        var output: [String] = []
        _ = SCIMTokenTool.run(
            SCIMTokenOptions(action: .create, name: name, dataDirectory: app.configuration.dataDirectory), output: { output.append($0) },
            errors: { _ in })
        port = app.server.port
        token = try #require(output.first { $0.hasPrefix("portico_scim_") })
    }

    /// With a token made elsewhere: on the Provisioning page, or one revoked or never made.
    init(port: Int, token: String) {
        self.port = port
        self.token = token
    }

    struct Reply {
        let response: TestClient.Response
        var status: Int { response.status }
        var json: [String: Any] { (try? JSONSerialization.jsonObject(with: Data(response.text.utf8)) as? [String: Any]) ?? [:] }
        var resources: [[String: Any]] { json["Resources"] as? [[String: Any]] ?? [] }
        var id: String { json["id"] as? String ?? "" }
        var scimType: String? { json["scimType"] as? String }
    }

    func send(_ method: String, _ path: String, _ body: String? = nil, headers: [(String, String)] = []) throws -> Reply {
        var request = "\(method) /scim/v2\(path) HTTP/1.1\r\nHost: localhost\r\nAuthorization: Bearer \(token)\r\n"
        request += headers.map { "\($0.0): \($0.1)\r\n" }.joined()
        if let body {
            request += "Content-Type: application/scim+json\r\nContent-Length: \(body.utf8.count)\r\n\r\n\(body)"
        } else {
            request += "\r\n"
        }
        return Reply(response: try TestClient(port: port, timeoutSeconds: 30).exchange(request))
    }

    func get(_ path: String) throws -> Reply { try send("GET", path) }

    /// `GET path?filter=…` with the filter percent-encoded.
    func filter(_ path: String, _ filter: String, _ extra: String = "") throws -> Reply {
        try get(path + "?filter=" + Browser.encode(filter) + extra)
    }

    func patch(_ path: String, _ operations: String, headers: [(String, String)] = []) throws -> Reply {
        try send(
            "PATCH", path, #"{"schemas": ["urn:ietf:params:scim:api:messages:2.0:PatchOp"], "Operations": [\#(operations)]}"#,
            headers: headers)
    }
}
