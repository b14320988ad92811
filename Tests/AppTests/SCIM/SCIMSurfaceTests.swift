import Commands
import Foundation
import Storage
import TestSupport
import Testing

@testable import App

/// `/scim/v2` as a machine surface: a SCIM token on every request, made and revoked from the command line
/// with effect on the running server, and every answer, errors included, in SCIM's JSON.
struct SCIMSurfaceTests {
    private func get(_ path: String, port: Int, token: String?) throws -> TestClient.Response {
        let authorization = token.map { "Authorization: Bearer \($0)\r\n" } ?? ""
        return try TestClient(port: port).exchange("GET \(path) HTTP/1.1\r\nHost: localhost\r\n\(authorization)\r\n")
    }

    private func json(_ response: TestClient.Response) throws -> [String: Any] {
        try #require(try JSONSerialization.jsonObject(with: Data(response.text.utf8)) as? [String: Any])
    }

    private func scimToken(_ action: SCIMTokenOptions.Action, name: String, data: String) -> (status: Int32, output: [String]) {
        var output: [String] = []
        let status = SCIMTokenTool.run(
            SCIMTokenOptions(action: action, name: name, dataDirectory: data), output: { output.append($0) }, errors: { _ in })
        return (status, output)
    }

    @Test func aTokenFromTheCommandLineOpensTheSurfaceUntilItIsRevoked() throws {
        try withPortico { app, _ in
            let port = app.server.port
            let missing = try get("/scim/v2/ServiceProviderConfig", port: port, token: nil)
            #expect(missing.status == 401)
            #expect(missing.header("Content-Type") == "application/scim+json")
            #expect(missing.header("WWW-Authenticate") == "Bearer")
            let body = try json(missing)
            #expect(body["schemas"] as? [String] == ["urn:ietf:params:scim:api:messages:2.0:Error"])
            #expect(body["status"] as? String == "401")

            #expect(try get("/scim/v2/ServiceProviderConfig", port: port, token: "portico_scim_guess").status == 401)

            let created = scimToken(.create, name: "Entra ID", data: app.configuration.dataDirectory)
            let token = try #require(created.output.first { $0.hasPrefix("portico_scim_") })
            let config = try get("/scim/v2/ServiceProviderConfig", port: port, token: token)
            #expect(config.status == 200)
            #expect(config.header("Content-Type") == "application/scim+json")
            let document = try json(config)
            #expect((document["bulk"] as? [String: Any])?["supported"] as? Bool == false)
            #expect((document["patch"] as? [String: Any])?["supported"] as? Bool == true)
            #expect((document["authenticationSchemes"] as? [[String: Any]])?.first?["type"] as? String == "oauthbearertoken")

            let schemas = try json(try get("/scim/v2/Schemas", port: port, token: token))
            #expect(schemas["totalResults"] as? Int == 3)
            let user = try json(try get("/scim/v2/Schemas/urn:ietf:params:scim:schemas:core:2.0:User", port: port, token: token))
            #expect(user["name"] as? String == "User")
            #expect(try get("/scim/v2/Schemas/urn:example:nothing", port: port, token: token).status == 404)
            let userType = try json(try get("/scim/v2/ResourceTypes/User", port: port, token: token))
            #expect(userType["endpoint"] as? String == "/Users")
            #expect(
                (userType["schemaExtensions"] as? [[String: Any]])?.first?["schema"] as? String
                    == "urn:ietf:params:scim:schemas:extension:enterprise:2.0:User")
            #expect(try json(try get("/scim/v2/ResourceTypes", port: port, token: token))["totalResults"] as? Int == 2)

            // An unknown path and a wrong method are SCIM errors too, not the HTML page.
            let unknown = try get("/scim/v2/Nothing", port: port, token: token)
            let unknownBody = try json(unknown)
            #expect(unknown.status == 404 && unknownBody["status"] as? String == "404")

            #expect(scimToken(.revoke, name: "Entra ID", data: app.configuration.dataDirectory).status == 0)
            let revoked = try get("/scim/v2/ServiceProviderConfig", port: port, token: token)
            #expect(revoked.status == 401)
            #expect(revoked.header("WWW-Authenticate") == #"Bearer error="invalid_token""#)

            app.backgroundWriter.drain()
            let used = try app.database.read { try SCIMTokenStore($0).list() }.first
            #expect(used?.lastUsedAt != nil, "the token's last use is recorded")
        }
    }
}
