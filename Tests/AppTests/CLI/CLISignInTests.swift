import Crypto
import Domain
import Foundation
import Storage
import TestSupport
import Testing
import Time

@testable import App

/// The AWS CLI's sign-in through the real app: the device and PKCE flows, tokens and their sessions, and
/// the portal API they open (issue 17). Interop with AWS's own clients is in Tests/Interop/test_aws_cli.py.
struct CLISignInTests {
    static let baseURL = "http://portico.test"

    private func run(clock: ManualClock = ManualClock(), _ body: (PorticoApp, CLIClientHarness, ManualClock) throws -> Void) throws {
        try withPortico(baseURL: Self.baseURL, clock: clock.clock) { app, _ in
            try app.apply(DirectoryPages.directory)
            try body(app, CLIClientHarness(port: app.server.port), clock)
        }
    }

    private func audit(_ app: PorticoApp, _ action: String) throws -> [AuditEvent] {
        try app.database.read { try AuditStore($0).list(AuditStore.Filter(action: action)).items }
    }

    /// Registers, starts a device authorization, approves it as alice and redeems it: the token reply.
    private func signInWithDevice(
        _ app: PorticoApp, _ cli: CLIClientHarness, _ clock: ManualClock, as browser: Browser? = nil
    ) throws -> (client: (id: String, secret: String), token: CLIClientHarness.Reply) {
        let client = try cli.register()
        let start = try cli.startDevice(client)
        let userCode = start.string("userCode")
        let browser = try browser ?? DirectoryPages.alice(app)
        let approved = try browser.submit(
            "/device?user_code=" + userCode, to: "/device", [("user_code", userCode), ("decision", "approve")])
        #expect(approved.status == 200)
        clock.advance(seconds: 5)
        return (client, try cli.pollDevice(client, deviceCode: start.string("deviceCode")))
    }

    // MARK: The device flow

    @Test func theDeviceFlowSignsTheCLIInAfterThePersonApprovesWhatTheySee() throws {
        try run { app, cli, clock in
            let client = try cli.register()
            let start = try cli.startDevice(client)
            #expect(start.status == 200)
            let userCode = start.string("userCode")
            #expect(userCode.wholeMatch(of: /[BCDFGHJKLMNPQRSTVWXZ]{4}-[BCDFGHJKLMNPQRSTVWXZ]{4}/) != nil)
            #expect(start.string("verificationUri") == Self.baseURL + "/device")
            #expect(start.string("verificationUriComplete") == Self.baseURL + "/device?user_code=" + userCode)
            #expect(start.json["expiresIn"] as? Int == 600)
            #expect(start.json["interval"] as? Int == 5)

            // The CLI asks once at once, then every interval; faster is slow_down.
            let first = try cli.pollDevice(client, deviceCode: start.string("deviceCode"))
            #expect(first.status == 400)
            #expect(first.errorType == "AuthorizationPendingException")
            #expect(first.string("error") == "authorization_pending")
            let early = try cli.pollDevice(client, deviceCode: start.string("deviceCode"))
            #expect(early.errorType == "SlowDownException")

            // Signed out, the page sends the person to sign in and back to the same code.
            let anonymous = try Browser(port: app.server.port).get("/device?user_code=" + userCode)
            #expect(anonymous.status == 303)
            #expect(anonymous.header("Location") == "/login?return_to=/device%3Fuser_code%3D" + userCode)

            let alice = try DirectoryPages.alice(app)
            let page = try alice.get("/device?user_code=" + Browser.encode(userCode.lowercased().replacingOccurrences(of: "-", with: " ")))
            #expect(page.status == 200)
            #expect(page.text.contains("botocore-client-portico"))
            #expect(page.text.contains("AWS CLI on Linux"))
            #expect(page.text.contains("127.0.0.1"))
            let approved = try alice.submit("/device", to: "/device", [("user_code", userCode), ("decision", "approve")])
            #expect(approved.text.contains("go back to your terminal"))

            clock.advance(seconds: 5)
            let token = try cli.pollDevice(client, deviceCode: start.string("deviceCode"))
            #expect(token.status == 200)
            #expect(token.string("tokenType") == "Bearer")
            #expect(token.json["expiresIn"] as? Int == 8 * 3_600, "the portal session setting's default")
            #expect(Token.isWellFormed(token.string("accessToken")) && Token.isWellFormed(token.string("refreshToken")))
            #expect(token.response.header("Cache-Control") == "no-store")

            clock.advance(seconds: 5)
            let again = try cli.pollDevice(client, deviceCode: start.string("deviceCode"))
            #expect(again.errorType == "InvalidGrantException", "a device code is redeemed once")

            let approvals = try audit(app, "cli.device.approve")
            #expect(approvals.map(\.actor) == ["alice@example.com"])
            let signIns = try audit(app, "cli.signin")
            #expect(signIns.count == 1)
            #expect(signIns.first?.details.contains(#""grant":"device_code""#) == true)
        }
    }

    @Test func aDeniedCodeIsRefusedAndAnUnapprovedOneExpiresAfterTenMinutes() throws {
        try run { app, cli, clock in
            let client = try cli.register()
            let denied = try cli.startDevice(client)
            let alice = try DirectoryPages.alice(app)
            let page = try alice.submit(
                "/device", to: "/device", [("user_code", denied.string("userCode")), ("decision", "deny")])
            #expect(page.text.contains("Sign-in denied"))
            #expect(try cli.pollDevice(client, deviceCode: denied.string("deviceCode")).errorType == "AccessDeniedException")
            #expect(try audit(app, "cli.device.deny").count == 1)

            let forgotten = try cli.startDevice(client)
            clock.advance(seconds: 600)
            #expect(try cli.pollDevice(client, deviceCode: forgotten.string("deviceCode")).errorType == "ExpiredTokenException")
            let late = try alice.submit(
                "/device", to: "/device", [("user_code", forgotten.string("userCode")), ("decision", "approve")])
            #expect(late.status == 404, "an expired code cannot be approved")
            #expect(try audit(app, "cli.signin").isEmpty)
        }
    }

    @Test func userCodesThatMatchNothingAreThrottledForThePerson() throws {
        try run { app, cli, _ in
            let alice = try DirectoryPages.alice(app)
            var statuses: [Int] = []
            for _ in 0..<8 {
                statuses.append(try alice.get("/device?user_code=BBBB-BBBB").status)
            }
            #expect(statuses.first == 404)
            #expect(statuses.last == 429, "\(statuses)")
            let throttled = try alice.get("/device?user_code=BBBB-BBBB")
            #expect(throttled.header("Retry-After") != nil)
            #expect(throttled.text.contains("Too many codes matched nothing"))
        }
    }

    @Test func aWrongClientSecretOrAnotherClientsDeviceCodeIsRefused() throws {
        try run { app, cli, clock in
            let client = try cli.register()
            let other = try cli.register(name: "another-client")
            let start = try cli.startDevice(client)
            let wrongSecret = try cli.pollDevice((client.id, other.secret), deviceCode: start.string("deviceCode"))
            #expect(wrongSecret.status == 401)
            #expect(wrongSecret.errorType == "InvalidClientException")
            let stolen = try cli.pollDevice(other, deviceCode: start.string("deviceCode"))
            #expect(stolen.errorType == "InvalidGrantException")
        }
    }

    // MARK: Tokens and sessions

    @Test func theTokenOpensThePortalAPIAndTheSessionIsListedAndEndedLikeABrowsers() throws {
        try run { app, cli, clock in
            let alice = try DirectoryPages.alice(app)
            let (_, token) = try signInWithDevice(app, cli, clock, as: alice)
            let accessToken = token.string("accessToken")
            let accounts = try cli.portal("/assignment/accounts", token: accessToken)
            #expect(accounts.status == 200)
            let list = try #require(accounts.json["accountList"] as? [[String: Any]])
            #expect(list.compactMap { $0["accountId"] as? String } == ["111111111111", "222222222222"])
            #expect(list.first?["accountName"] as? String == "app-prod")
            #expect(list.first?["emailAddress"] as? String == "aws+prod@example.com")

            // The token is not a cookie: a browser presenting it is not signed in.
            let cookie = Browser(port: app.server.port)
            cookie.cookies["portico_session"] = accessToken
            #expect(try cookie.get("/me/sessions").status == 303)

            let sessions = try alice.get("/me/sessions").text
            #expect(sessions.contains("AWS CLI on Linux"))
            #expect(sessions.contains("botocore-client-portico"))
            let aliceID = try app.userID("alice@example.com")
            let listed = try app.database.read { try SessionStore($0).list(userID: aliceID, now: clock.clock.epochSeconds) }
            let cliSessionID = try #require(listed.first { $0.cliClient != nil }?.id)
            let ended = try alice.submit("/me/sessions", to: "/me/sessions/\(cliSessionID)/end", [])
            #expect(ended.status == 303)
            let refused = try cli.portal("/assignment/accounts", token: accessToken)
            #expect(refused.status == 401)
            #expect(refused.errorType == "UnauthorizedException")
        }
    }

    @Test func refreshTokensRotateAndAReusedOneEndsTheWholeSession() throws {
        try run { app, cli, clock in
            let (client, token) = try signInWithDevice(app, cli, clock)
            clock.advance(seconds: 60)
            let refreshed = try cli.refresh(client, refreshToken: token.string("refreshToken"))
            #expect(refreshed.status == 200)
            #expect(refreshed.json["expiresIn"] as? Int == 8 * 3_600 - 60, "a refresh never extends the session")
            #expect(refreshed.string("refreshToken") != token.string("refreshToken"))
            #expect(try cli.portal("/assignment/accounts", token: token.string("accessToken")).status == 401, "the old access token")
            #expect(try cli.portal("/assignment/accounts", token: refreshed.string("accessToken")).status == 200)
            #expect(try audit(app, "cli.token.refresh").count == 1)

            let replay = try cli.refresh(client, refreshToken: token.string("refreshToken"))
            #expect(replay.errorType == "InvalidGrantException")
            #expect(try cli.portal("/assignment/accounts", token: refreshed.string("accessToken")).status == 401, "the chain ended")
            #expect(try cli.refresh(client, refreshToken: refreshed.string("refreshToken")).errorType == "InvalidGrantException")
            #expect(try audit(app, "cli.token.reuse").count == 1)
        }
    }

    /// A CLI session signed in without a key must not outlive a phishing-resistant rule its user comes under:
    /// its token stops working at once, its refresh is refused, and the session is ended.
    @Test func aPhishingResistantRuleEndsACLISessionSignedInWithoutAKey() throws {
        try run { app, cli, clock in
            let alice = try DirectoryPages.alice(app)
            let (client, token) = try signInWithDevice(app, cli, clock, as: alice)
            let accessToken = token.string("accessToken")
            #expect(try cli.portal("/assignment/accounts", token: accessToken).status == 200)

            try app.database.write { db in
                let aliceID = try #require(try UserStore(db).find(email: "alice@example.com")).id
                let admins = Group(name: "aws-admins", mfaRule: .phishingResistant)
                try GroupStore(db).create(admins)
                _ = try GroupStore(db).addMembers(groupID: admins.id, userIDs: [aliceID])
            }
            let refreshed = try cli.refresh(client, refreshToken: token.string("refreshToken"))
            #expect(refreshed.errorType == "InvalidGrantException")
            #expect(refreshed.response.text.contains("security key"))
            #expect(try cli.portal("/assignment/accounts", token: accessToken).status == 401)
            // Nor can the browser session it came from approve another.
            #expect(try alice.get("/device").status == 303)
            app.backgroundWriter.drain()
            let revokers: [String?] = try app.database.read { db in
                try db.query("SELECT revoked_by FROM portal_sessions ORDER BY id").map { try $0["revoked_by"] }
            }
            #expect(revokers == ["mfa-rule", "mfa-rule"], "the browser session and the CLI session ended")
        }
    }

    @Test func disablingTheUserEndsTheCLISessionAndRefusesItsRefresh() throws {
        try run { app, cli, clock in
            let (client, token) = try signInWithDevice(app, cli, clock)
            let root = try DirectoryPages.root(app)
            let aliceID = try app.userID("alice@example.com")
            let userPage = try root.get("/admin/users/\(aliceID)")
            #expect(userPage.text.contains("botocore-client-portico"), "admins see CLI sessions with the browser ones")
            let disabled = try root.submit("/admin/users/\(aliceID)", to: "/admin/users/\(aliceID)/disable", [("confirm", "yes")])
            #expect(disabled.status == 303)
            #expect(try cli.portal("/assignment/accounts", token: token.string("accessToken")).errorType == "UnauthorizedException")
            #expect(try cli.refresh(client, refreshToken: token.string("refreshToken")).errorType == "InvalidGrantException")
        }
    }

    @Test func theAccessTokenEndsWithThePortalSessionSetting() throws {
        try run { app, cli, clock in
            try app.database.write { try SettingsStore($0).setPortalSessionDuration("PT1H", now: 0) }
            let (client, token) = try signInWithDevice(app, cli, clock)
            #expect(token.json["expiresIn"] as? Int == 3_600)
            clock.advance(seconds: 3_600)
            #expect(try cli.portal("/assignment/accounts", token: token.string("accessToken")).errorType == "UnauthorizedException")
            #expect(try cli.refresh(client, refreshToken: token.string("refreshToken")).errorType == "InvalidGrantException")
        }
    }

    @Test func logoutEndsTheSessionAndIsAudited() throws {
        try run { app, cli, clock in
            let (_, token) = try signInWithDevice(app, cli, clock)
            let logout = try cli.portal("/logout", method: "POST", token: token.string("accessToken"))
            #expect(logout.status == 200)
            #expect(try cli.portal("/assignment/accounts", token: token.string("accessToken")).status == 401)
            #expect(try audit(app, "cli.logout").count == 1)
        }
    }

    // MARK: The portal API

    @Test func listsPageWithNextTokensAndAccountsHeldNothingInListNoRoles() throws {
        try run { app, cli, clock in
            let (_, token) = try signInWithDevice(app, cli, clock)
            let accessToken = token.string("accessToken")
            let all = try cli.portal("/assignment/accounts", token: accessToken)
            let every = (all.json["accountList"] as? [[String: Any]] ?? []).compactMap { $0["accountId"] as? String }
            #expect(all.json["nextToken"] == nil)
            #expect(every == every.sorted())

            var paged: [String] = []
            var next: String?
            var requests = 0
            repeat {
                let query = "/assignment/accounts?max_result=1" + (next.map { "&next_token=" + Browser.encode($0) } ?? "")
                let page = try cli.portal(query, token: accessToken)
                #expect(page.status == 200)
                paged += (page.json["accountList"] as? [[String: Any]] ?? []).compactMap { $0["accountId"] as? String }
                next = page.json["nextToken"] as? String
                requests += 1
            } while next != nil && requests < 10
            #expect(paged == every)
            #expect(requests == every.count)

            let roles = try cli.portal("/assignment/roles?account_id=" + (every.first ?? ""), token: accessToken)
            #expect(roles.status == 200)
            #expect(!(roles.json["roleList"] as? [[String: Any]] ?? []).isEmpty)
            let none = try cli.portal("/assignment/roles?account_id=999999999999", token: accessToken)
            #expect((none.json["roleList"] as? [[String: Any]])?.isEmpty == true)

            #expect(try cli.portal("/assignment/accounts?max_result=0", token: accessToken).errorType == "InvalidRequestException")
            #expect(try cli.portal("/assignment/accounts?next_token=forged", token: accessToken).errorType == "InvalidRequestException")
            #expect(try cli.portal("/assignment/roles", token: accessToken).errorType == "InvalidRequestException")
            #expect(try cli.portal("/assignment/accounts", token: nil).errorType == "UnauthorizedException")
            #expect(try cli.portal("/assignment/accounts", token: Token.generate()).errorType == "UnauthorizedException")
            #expect(try cli.portal("/nowhere", token: accessToken).errorType == "ResourceNotFoundException")
        }
    }

    @Test func aRoleNotHeldAndAnUnknownAccountGetTheSameErrorAndAnAuditEvent() throws {
        try run { app, cli, clock in
            let (_, token) = try signInWithDevice(app, cli, clock)
            let accessToken = token.string("accessToken")
            let notHeld = try cli.portal(
                "/federation/credentials?role_name=AdministratorAccess&account_id=111111111111", token: accessToken)
            let unknown = try cli.portal(
                "/federation/credentials?role_name=AdministratorAccess&account_id=999999999999", token: accessToken)
            #expect(notHeld.status == 404)
            #expect(notHeld.errorType == "ResourceNotFoundException")
            #expect(unknown.status == notHeld.status)
            #expect(unknown.errorType == notHeld.errorType)
            #expect(unknown.json["message"] as? String == notHeld.json["message"] as? String)
            let failures = try audit(app, "credentials.issue").filter { $0.outcome == .failure }
            #expect(failures.count == 2)
            #expect(failures.allSatisfy { $0.details.contains("botocore-client-portico") })
        }
    }
}
