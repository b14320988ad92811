import Crypto
import Domain
import Foundation
import Storage
import TestSupport
import Testing

@testable import App

/// `/admin/provisioning`: the tenant URL, SCIM tokens made (shown once), listed and revoked with effect on
/// the SCIM endpoint, and the log of what the identity provider sent.
struct AdminProvisioningPagesTests {
    static let baseURL = "https://portico.example.com"

    /// The expiry takes a number of days, or a duration as `portico scim-token create --expires` takes it.
    @Test func aTokensExpiryMayBeTypedAsADuration() throws {
        try withPortico(baseURL: Self.baseURL) { app, _ in
            try app.apply(DirectoryPages.directory)
            let root = try DirectoryPages.root(app)
            // Durations as `portico scim-token create --expires` takes them.
            for (index, (typed, seconds)) in [("12 hours", 43_200), ("P90D", 90 * 86_400), ("1 day 12 h", 129_600)].enumerated() {
                let (answer, shown) = try ProvisioningPages.createToken(by: root, name: "Typed \(index)", expiresInDays: typed)
                #expect(answer.status == 200 && shown != nil, "\(typed)")
                let token = try #require(try app.database.read { try SCIMTokenStore($0).list() }.first { $0.name == "Typed \(index)" })
                #expect(token.expiresAt == token.createdAt + seconds, "\(typed)")
            }
        }
    }

    @Test func aTokenMadeOnThePageIsShownOnceAndOpensTheSCIMEndpointUntilRevoked() throws {
        try withPortico(baseURL: Self.baseURL) { app, _ in
            try app.apply(DirectoryPages.directory)
            let root = try DirectoryPages.root(app)
            let empty = try root.get("/admin/provisioning")
            #expect(empty.status == 200)
            #expect(empty.text.contains(#"value="https://portico.example.com/scim/v2""#), "the tenant URL comes from the base URL")
            #expect(empty.text.contains(#"href="/admin/provisioning" aria-current="page">Provisioning</a>"#))
            #expect(empty.text.contains("No token yet"))

            let (created, shown) = try ProvisioningPages.createToken(by: root, name: "Entra ID", expiresInDays: "90")
            #expect(created.status == 200)
            #expect(created.header("Cache-Control") == "no-store")
            let token = try #require(shown)
            #expect(token.wholeMatch(of: /portico_scim_[A-Za-z0-9_-]{43}/) != nil)
            let stored = try #require(try app.database.read { try SCIMTokenStore($0).list() }.first)
            #expect(stored.name == "Entra ID" && stored.expiresAt == stored.createdAt + 90 * 86_400)
            let hashes: [String] = try app.database.read { try $0.query("SELECT token_hash FROM scim_tokens").map { try $0["token_hash"] } }
            #expect(hashes == [Token.hash(token)], "only the hash is kept")

            let again = try root.get("/admin/provisioning")
            #expect(!again.text.contains(token), "the token is shown only in the answer that made it")
            #expect(ProvisioningPages.shownToken(in: again.text) == nil)
            #expect(again.text.contains("<td>Entra ID</td>") && again.text.contains("<td>never</td>"), "listed, never used yet")

            // A second token beside the first, for rotation; a name in use is refused beside the field.
            let (_, nextShown) = try ProvisioningPages.createToken(by: root, name: "Entra ID next")
            let next = try #require(nextShown)
            let taken = try ProvisioningPages.createToken(by: root, name: "Entra ID")
            #expect(taken.response.status == 422 && taken.token == nil)
            #expect(taken.response.text.contains("An active token already has this name"))
            for bad in ["0", "-5", "5 s", "3651 days", "99999999999999999999", "soon"] {
                let badExpiry = try ProvisioningPages.createToken(by: root, name: "Okta", expiresInDays: bad)
                #expect(badExpiry.response.status == 422 && badExpiry.response.text.contains("Expiry must be a number of days"), "\(bad)")
            }
            #expect(try app.database.read { try SCIMTokenStore($0).list() }.count == 2)

            let (first, second) = (SCIMClient(port: app.server.port, token: token), SCIMClient(port: app.server.port, token: next))
            #expect(try first.get("/Users").status == 200)
            #expect(try second.get("/Users").status == 200)

            let revoke = try root.submit("/admin/provisioning", to: "/admin/provisioning/tokens/\(stored.id)/revoke", [])
            #expect(revoke.status == 303 && revoke.header("Location") == "/admin/provisioning?done=revoked")
            #expect(try first.get("/Users").status == 401)
            #expect(try second.get("/Users").status == 200, "the other goes on")
            #expect(try root.submit("/admin/provisioning", to: "/admin/provisioning/tokens/\(stored.id)/revoke", []).status == 404)
            let afterRevoke = try root.get("/admin/provisioning?done=revoked").text
            #expect(afterRevoke.contains("The token was revoked"))
            #expect(afterRevoke.contains("Revoked tokens (1)"))

            let creations = try app.auditEvents(SCIMTokens.createAction)
            #expect(creations.map(\.target).sorted() == ["Entra ID", "Entra ID next"])
            let revocation = try #require(try app.auditEvents(SCIMTokens.revokeAction).first)
            #expect(revocation.target == "Entra ID")
            let events = creations + [revocation]
            #expect(events.allSatisfy { !$0.details.contains(token) && !$0.details.contains(next) }, "the audit log never holds a token")
        }
    }

    @Test func nonAdminsCannotSeeMakeOrRevokeTokens() throws {
        try withPortico { app, _ in
            try app.apply(DirectoryPages.directory)
            let (_, shown) = try ProvisioningPages.createToken(by: try DirectoryPages.root(app), name: "Entra ID")
            let token = try #require(shown)
            let id = try #require(try app.database.read { try SCIMTokenStore($0).list() }.first).id
            let alice = try DirectoryPages.alice(app)
            let csrf = try DirectoryPages.csrf(alice)
            #expect(try alice.get("/admin/provisioning").status == 403)
            #expect(try alice.post("/admin/provisioning/tokens", [("csrf", csrf), ("name", "Mine")]).status == 403)
            #expect(try alice.post("/admin/provisioning/tokens/\(id)/revoke", [("csrf", csrf)]).status == 403)
            #expect(try app.database.read { try SCIMTokenStore($0).list() }.map(\.name) == ["Entra ID"])
            #expect(try SCIMClient(port: app.server.port, token: token).get("/Users").status == 200)
        }
    }

    @Test func theRequestLogShowsWhatTheIdentityProviderSentAndTheAnswerButNoPassword() throws {
        try withPortico { app, _ in
            try app.apply(DirectoryPages.directory)
            let root = try DirectoryPages.root(app)
            let token = try #require(try ProvisioningPages.createToken(by: root, name: "Entra ID").token)
            let scim = SCIMClient(port: app.server.port, token: token)
            let grace = """
                {"schemas": ["urn:ietf:params:scim:schemas:core:2.0:User"], "userName": "grace@example.com",
                 "displayName": "Grace Hopper", "active": true, "password": "Never-Shown-Pa55"}
                """
            #expect(try scim.send("POST", "/Users", grace).status == 201)
            // Sent again, as Entra does when it lost the answer: refused, since the userName is taken.
            let refused = try scim.send("POST", "/Users", grace)
            #expect(refused.status == 409)
            let detail = try #require(refused.json["detail"] as? String)
            app.backgroundWriter.drain()

            let page = try root.get("/admin/provisioning").text
            let log = try #require(page.firstMatch(of: /id="requests"(?s)(.*)/)).1
            #expect(log.contains("<code>POST /scim/v2/Users</code>"))
            #expect(log.contains("201 Created") && log.contains("409 Conflict"))
            #expect(log.contains("<td>Entra ID</td>"), "the token's name")
            #expect(log.contains("grace@example.com"), "what the request was about, on its row")
            #expect(log.contains(detail), "why Portico refused, on its row")
            #expect(log.contains("<summary>Request body</summary>") && log.contains("<summary>Response body</summary>"))
            #expect(log.contains("&quot;displayName&quot; : &quot;Grace Hopper&quot;"), "bodies are shown indented")
            #expect(!page.contains("Never-Shown-Pa55"), "a password sent is never shown")
            let newest = try #require(log.firstRange(of: "409 Conflict"))
            let older = try #require(log.firstRange(of: "201 Created"))
            #expect(newest.lowerBound < older.lowerBound, "newest first")

            let failures = try root.get("/admin/provisioning?failures=1").text
            let failureLog = try #require(failures.firstMatch(of: /id="requests"(?s)(.*)/)).1
            #expect(failureLog.contains("409 Conflict") && !failureLog.contains("201 Created"))
            #expect(failures.contains(#"name="failures" value="1" checked"#))
        }
    }
}
