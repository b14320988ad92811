import App
import Commands
import Crypto
import Domain
import Foundation
import Storage
import TestSupport
import Testing
import Time

/// `portico scim-token` on a data directory: a token printed once and stored as its hash, listed with its
/// state, revoked by name; each change audited as `cli`.
struct SCIMTokenToolTests {
    private func run(_ options: SCIMTokenOptions, clock: ManualClock) -> (status: Int32, output: [String], errors: [String]) {
        var output: [String] = [], errors: [String] = []
        let status = SCIMTokenTool.run(options, clock: clock.clock, output: { output.append($0) }, errors: { errors.append($0) })
        return (status, output, errors)
    }

    @Test func aTokenIsPrintedOnceStoredAsItsHashListedAndRevoked() throws {
        let data = Checkout.temporaryDirectory("scim-token")
        defer { try? FileManager.default.removeItem(atPath: data) }
        let clock = ManualClock(epochSeconds: 1_900_000_000)
        let created = run(
            SCIMTokenOptions(action: .create, name: "Entra ID", expires: ISODuration("P30D"), dataDirectory: data), clock: clock)
        #expect(created.status == 0, "\(created.errors)")
        let token = try #require(created.output.first { $0.hasPrefix("portico_scim_") })
        let database = try DataDirectory(path: data).openDatabase()
        let found = try #require(
            try database.read { try SCIMTokenStore($0).find(tokenHash: Token.hash(token), now: clock.clock.epochSeconds) })
        #expect(found.name == "Entra ID" && found.expiresAt == 1_900_000_000 + 30 * 86_400)
        let stored: [String] = try database.read { try $0.query("SELECT token_hash FROM scim_tokens").map { try $0["token_hash"] } }
        #expect(stored == [Token.hash(token)], "only the hash is kept")

        let again = run(SCIMTokenOptions(action: .create, name: "Entra ID", dataDirectory: data), clock: clock)
        #expect(again.status == 1 && again.errors.first?.contains("already named Entra ID") == true)

        clock.advance(seconds: 60)
        let listed = run(SCIMTokenOptions(action: .list, dataDirectory: data), clock: clock)
        #expect(listed.output.count == 2 && listed.output[1].hasPrefix("Entra ID") && listed.output[1].contains("active"))
        #expect(!listed.output.joined().contains(token))

        #expect(run(SCIMTokenOptions(action: .revoke, name: "Entra ID", dataDirectory: data), clock: clock).status == 0)
        #expect(try database.read { try SCIMTokenStore($0).find(tokenHash: Token.hash(token), now: clock.clock.epochSeconds) } == nil)
        #expect(run(SCIMTokenOptions(action: .list, dataDirectory: data), clock: clock).output[1].contains("revoked"))
        let missing = run(SCIMTokenOptions(action: .revoke, name: "Entra ID", dataDirectory: data), clock: clock)
        #expect(missing.status == 1 && missing.errors == ["portico: no active SCIM token is named Entra ID"])

        let events = try database.read { try AuditStore($0).list(AuditStore.Filter()).items }.filter { $0.action.hasPrefix("scim.token") }
        #expect(Set(events.map(\.action)) == ["scim.token.create", "scim.token.revoke"])
        #expect(events.allSatisfy { $0.actor == "cli" && $0.target == "Entra ID" && !$0.details.contains(token) })
    }
}
