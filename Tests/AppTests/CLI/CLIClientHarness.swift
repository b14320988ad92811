import Foundation
import TestSupport
import Testing

/// The AWS CLI's side of `/aws/oidc` and `/aws/portal` for end-to-end tests: JSON posts as botocore sends
/// them, and portal API calls carrying the token in `x-amz-sso_bearer_token`.
struct CLIClientHarness {
    let port: Int
    var userAgent = "aws-cli/2.9.19 Python/3.11.2 Linux/6.1.0-28-amd64 source/x86_64.debian.12 prompt/off command/sso.login"

    struct Reply {
        let response: TestClient.Response
        var status: Int { response.status }
        var json: [String: Any] { (try? JSONSerialization.jsonObject(with: Data(response.text.utf8)) as? [String: Any]) ?? [:] }
        var errorType: String? { response.header("x-amzn-ErrorType") }
        func string(_ key: String) -> String { json[key] as? String ?? "" }
    }

    func post(_ path: String, _ body: [String: Any]) throws -> Reply {
        let text = String(decoding: try JSONSerialization.data(withJSONObject: body), as: UTF8.self)
        let request =
            "POST /aws/oidc\(path) HTTP/1.1\r\nHost: localhost\r\nUser-Agent: \(userAgent)\r\nContent-Type: application/json\r\n"
            + "Content-Length: \(text.utf8.count)\r\n\r\n\(text)"
        return Reply(response: try TestClient(port: port, timeoutSeconds: 30).exchange(request))
    }

    func portal(_ pathAndQuery: String, method: String = "GET", token: String?) throws -> Reply {
        var request = "\(method) /aws/portal\(pathAndQuery) HTTP/1.1\r\nHost: localhost\r\nUser-Agent: \(userAgent)\r\n"
        if let token { request += "x-amz-sso_bearer_token: \(token)\r\n" }
        request += method == "POST" ? "Content-Length: 0\r\n\r\n" : "\r\n"
        return Reply(response: try TestClient(port: port, timeoutSeconds: 30).exchange(request))
    }

    /// `RegisterClient` as the CLI's device flow sends it.
    func register(name: String = "botocore-client-portico", extra: [String: Any] = [:]) throws -> (id: String, secret: String) {
        let reply = try post("/client/register", ["clientName": name, "clientType": "public"].merging(extra) { $1 })
        #expect(reply.status == 200, "\(reply.response.text)")
        return (reply.string("clientId"), reply.string("clientSecret"))
    }

    func startDevice(_ client: (id: String, secret: String)) throws -> Reply {
        try post(
            "/device_authorization", ["clientId": client.id, "clientSecret": client.secret, "startUrl": "http://portico.test/start"])
    }

    func pollDevice(_ client: (id: String, secret: String), deviceCode: String) throws -> Reply {
        try post(
            "/token",
            [
                "clientId": client.id, "clientSecret": client.secret, "grantType": "urn:ietf:params:oauth:grant-type:device_code",
                "deviceCode": deviceCode,
            ])
    }

    func refresh(_ client: (id: String, secret: String), refreshToken: String) throws -> Reply {
        try post(
            "/token", ["clientId": client.id, "clientSecret": client.secret, "grantType": "refresh_token", "refreshToken": refreshToken])
    }
}
