import App
import Domain
import SQLite
import Storage
import Testing

/// Sign-in behind a reverse proxy on a real server: with the proxy trusted, the throttle, the audit log,
/// the session list and the access log see the forwarded client; otherwise the header changes nothing.
struct TrustedProxyTests {
    /// A throttle whose clock never moves, so a block cannot lapse while the test runs.
    private static func frozenThrottle() -> LoginThrottle { LoginThrottle(clock: { .zero }) }

    private static let addressAllowance = LoginThrottle.Policy().freeFailuresPerAddress

    private func signInEvents(_ app: PorticoApp) throws -> [AuditEvent] {
        try app.database.read { db in try AuditStore(db).list(AuditStore.Filter(action: "auth.signin")).items }
    }

    @Test func aTrustedProxysClientIsWhoTheThrottleAuditAndSessionsSee() throws {
        try withPortico(trustedProxies: "127.0.0.0/8", loginThrottle: Self.frozenThrottle()) { app, log in
            try app.apply(SignInTests.users)
            let attacker = Browser(port: app.server.port)
            attacker.extraHeaders = [("X-Forwarded-For", "198.51.100.66, 203.0.113.7"), ("X-Forwarded-Proto", "https")]
            for index in 0..<Self.addressAllowance {
                #expect(try attacker.signIn("nobody\(index)@example.com", "guess-\(index)").status == 200)
            }
            #expect(try attacker.signIn("nobody@example.com", "one-more-guess").status == 429)

            // Someone else behind the same proxy is not held up by the attacker's failures.
            let colleague = Browser(port: app.server.port)
            colleague.extraHeaders = [("X-Forwarded-For", "198.51.100.9")]
            #expect(try colleague.signIn("alice@example.com", "alice-password-1").status == 303)

            let events = try signInEvents(app)
            #expect(events.filter { $0.outcome == .failure }.count == Self.addressAllowance + 1)
            #expect(events.filter { $0.outcome == .failure }.allSatisfy { $0.ip == "203.0.113.7" })
            #expect(events.filter { $0.outcome == .success }.map(\.ip) == ["198.51.100.9"])
            let sessionIPs: [String] = try app.database.read { db in
                try db.query("SELECT ip FROM portal_sessions").map { try $0["ip"] }
            }
            #expect(sessionIPs == ["198.51.100.9"])
            let logged = log.entries.filter { $0["path"] as? String == "/login" }
            #expect(Set(logged.compactMap { $0["remote_address"] as? String }) == ["203.0.113.7", "198.51.100.9"])
            #expect(logged.contains { $0["forwarded_proto"] as? String == "https" })
        }
    }

    @Test(arguments: ["", "10.0.0.0/8,::1"])
    func anUntrustedPeerCannotChooseItsAddress(trustedProxies: String) throws {
        try withPortico(trustedProxies: trustedProxies, loginThrottle: Self.frozenThrottle()) { app, log in
            try app.apply(SignInTests.users)
            let attacker = Browser(port: app.server.port)
            for index in 0..<Self.addressAllowance {
                attacker.extraHeaders = [("X-Forwarded-For", "203.0.113.\(index)"), ("X-Forwarded-Proto", "https")]
                #expect(try attacker.signIn("nobody\(index)@example.com", "guess-\(index)").status == 200)
            }
            // A fresh spoofed address does not escape the block on the real one.
            attacker.extraHeaders = [("X-Forwarded-For", "198.51.100.9")]
            #expect(try attacker.signIn("alice@example.com", "alice-password-1").status == 429)

            let events = try signInEvents(app)
            #expect(events.count == Self.addressAllowance + 1)
            #expect(events.allSatisfy { $0.ip == "127.0.0.1" && $0.outcome == .failure })
            let logged = log.entries.filter { $0["path"] as? String == "/login" }
            #expect(!logged.isEmpty)
            #expect(logged.allSatisfy { $0["remote_address"] as? String == "127.0.0.1" && $0["forwarded_proto"] == nil })
        }
    }
}
