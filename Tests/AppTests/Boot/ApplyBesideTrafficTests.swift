import App
import Foundation
import Synchronization
import TestSupport
import Testing

/// A large `portico apply` (a separate process, as operators run it) beside people using the portal:
/// launches, sign-ins and form posts keep being answered, none with a 500; a write that meets the apply's
/// lock gets the 503 "busy" page with `Retry-After`, never an error page.
struct ApplyBesideTrafficTests {
    static let accounts = 100
    static let groups = 60
    static let sets = ["ReadOnly", "PowerUser", "Billing", "Auditor", "NetworkAdmin"]

    /// Every group in every account with one permission set, shifted by `shift`: each shift changes all
    /// 6,000 assignments (6,000 deletes and 6,000 creates).
    static func directory(shift: Int) -> String {
        let accounts = (0..<Self.accounts).map {
            #"{"id": "\#(String(100_000_000_000 + $0))", "name": "account-\#($0)", "email": "aws+\#($0)@example.com"}"#
        }
        let groups = (0..<Self.groups).map { #"{"name": "team-\#($0)", "members": []}"# }
        let sets = Self.sets.map { #"{"name": "\#($0)"}"# }
        var assignments = (0..<Self.accounts).flatMap { account in
            (0..<Self.groups).map { group in
                let set = Self.sets[(account + group + shift) % Self.sets.count]
                return #"{"account": "\#(String(100_000_000_000 + account))", "permission_set": "\#(set)", "group": "team-\#(group)"}"#
            }
        }
        assignments.append(#"{"account": "100000000000", "permission_set": "Billing", "user": "alice@example.com"}"#)
        return """
            {"users": [{"email": "alice@example.com", "display_name": "Alice", "password": "alice-password-1"}],
             "groups": [\(groups.joined(separator: ","))], "accounts": [\(accounts.joined(separator: ","))],
             "permission_sets": [\(sets.joined(separator: ","))], "assignments": [\(assignments.joined(separator: ","))]}
            """
    }

    @Test func launchesSignInsAndFormPostsGetNo500WhileApplyRuns() throws {
        try withPortico { app, _ in
            try app.apply(Self.directory(shift: 0))
            let file = Checkout.temporaryDirectory("apply") + "/change.json"
            try Self.directory(shift: 1).write(toFile: file, atomically: true, encoding: .utf8)

            let alice = try DirectoryPages.signedIn(app, "alice@example.com", "alice-password-1")
            let startPage = try alice.get("/start").text
            let star = try #require(startPage.firstMatch(of: /name="star" value="([^"]+)"/)).1
            let csrf = try #require(Browser.csrf(in: startPage))

            let apply = Process()
            apply.executableURL = URL(fileURLWithPath: Checkout.porticoBinary)
            apply.arguments = ["apply", "--data-dir", app.configuration.dataDirectory, file]
            apply.standardOutput = FileHandle.nullDevice  // one line per change; a pipe nobody reads would fill and stop it
            try apply.run()

            var statuses: [String: [Int]] = [:]
            var busyPages = 0
            while apply.isRunning || statuses.isEmpty {
                let launch = try alice.get("/start/console?account_id=100000000000&role_name=Billing")
                let signIn = try Browser(port: app.server.port).signIn("alice@example.com", "alice-password-1")
                let post = try alice.post("/start/favorites", [("csrf", csrf), ("star", String(star))])
                for (kind, response) in [("launch", launch), ("sign-in", signIn), ("form post", post)] {
                    statuses[kind, default: []].append(response.status)
                    if response.status == 503 {
                        busyPages += 1
                        #expect(response.header("Retry-After") == "5")
                        #expect(response.text.contains("The portal is busy saving a large change"))
                    }
                }
            }
            apply.waitUntilExit()
            #expect(apply.terminationStatus == 0)
            for (kind, codes) in statuses {
                #expect(!codes.contains(500), "\(kind): \(codes)")
                #expect(Set(codes).isSubset(of: [200, 303, 503]), "\(kind): \(codes)")
            }
            #expect(statuses["launch"]?.contains(200) == true, "launches were answered during the apply")
            let assignments: Int = try app.database.read { try $0.scalar("SELECT count(*) FROM assignments") }
            #expect(assignments == Self.accounts * Self.groups + 1)
        }
    }
}
