import Domain
import HTTPServer
import JSON
import Storage
import Web

/// Records every authenticated SCIM request with its answer for the Provisioning page, which is where an
/// admin looks first when a user did not arrive. The write goes to the background writer, so logging
/// never delays the identity provider; `password` values are never kept, and bodies are cut short.
struct SCIMRequestLog: Middleware {
    let authentication: Authentication

    func handle(_ request: Request, next: (Request) throws -> HTTPResponse) throws -> HTTPResponse {
        let response = try next(request)
        var responseBody = ""
        if case .bytes(let bytes) = response.body { responseBody = Self.shortened(String(decoding: bytes, as: UTF8.self)) }
        let record = SCIMRequestRecord(
            time: authentication.clock.epochSeconds, tokenName: request.bearerPrincipal(SCIMToken.self)?.name ?? "",
            method: request.method.rawValue, target: String(request.head.target.prefix(1024)), status: response.status.code,
            requestBody: Self.redacted(request.body), responseBody: responseBody)
        authentication.writer.enqueue("SCIM request log") { db in try SCIMRequestLogStore(db).append(record) }
        return response
    }

    /// The body with every `password` value replaced, as short text; a body that is not JSON is kept only
    /// as its size, since it cannot be searched for secrets.
    static func redacted(_ body: [UInt8]) -> String {
        guard !body.isEmpty else { return "" }
        guard let json = try? JSONNode.parse(body) else { return "(\(body.count) bytes that are not JSON)" }
        return shortened(hidingPasswords(json).text())
    }

    private static func hidingPasswords(_ node: JSONNode) -> JSONNode {
        switch node {
        case .object(let members):
            return .object(
                Dictionary(
                    uniqueKeysWithValues: members.map { key, value in
                        (key, key.lowercased() == "password" ? .string("(not shown)") : hidingPasswords(value))
                    }))
        case .array(let items):
            return .array(items.map(hidingPasswords))
        default:
            return node
        }
    }

    private static func shortened(_ text: String) -> String {
        guard text.utf8.count > SCIMRequestRecord.bodyLimit else { return text }
        return String(decoding: Array(text.utf8.prefix(SCIMRequestRecord.bodyLimit)), as: UTF8.self) + "…"
    }
}
