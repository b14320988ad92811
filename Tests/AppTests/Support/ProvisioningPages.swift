import App
import Foundation
import TestSupport
import Testing

/// The Provisioning page's token form and the SCIM requests an identity provider would send with its token.
enum ProvisioningPages {
    /// Has `admin` create a token on the Provisioning page; returns the answer and the token it showed.
    static func createToken(by admin: Browser, name: String, expiresInDays: String = "") throws -> (
        response: TestClient.Response, token: String?
    ) {
        let response = try admin.submit(
            "/admin/provisioning", to: "/admin/provisioning/tokens", [("name", name), ("expires_in_days", expiresInDays)])
        return (response, shownToken(in: response.text))
    }

    /// The token a page shows once, if it shows one.
    static func shownToken(in html: String) -> String? {
        html.firstMatch(of: /<code id="created-token" class="secret">([^<]*)<\/code>/).map { String($0.1) }
    }

    /// A SCIM request as Entra sends it: the bearer token and, with a body, `application/scim+json`.
    static func scim(_ method: String, _ path: String, token: String, body: String? = nil, port: Int) throws -> TestClient.Response {
        var request = "\(method) \(path) HTTP/1.1\r\nHost: localhost\r\nAuthorization: Bearer \(token)\r\n"
        if let body {
            request += "Content-Type: application/scim+json; charset=utf-8\r\nContent-Length: \(body.utf8.count)\r\n\r\n\(body)"
        } else {
            request += "\r\n"
        }
        return try TestClient(port: port).exchange(request)
    }

    /// The `id` of the resource a SCIM answer holds.
    static func resourceID(_ response: TestClient.Response) throws -> String {
        let json = try #require(try JSONSerialization.jsonObject(with: Data(response.text.utf8)) as? [String: Any])
        return try #require(json["id"] as? String)
    }
}
