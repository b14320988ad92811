import Domain
import SQLite
import Storage
import Testing

/// The AWS CLI's sign-in state: clients, device and PKCE authorizations, CLI sessions and refresh tokens.
struct CLISignInStoreTests {
    private static func hash(_ character: Character) -> String { String(repeating: character, count: 64) }

    private static let client = OIDCClient(
        id: "client-0123456789abcdef", name: "botocore-client-corp", redirectURIs: [], grantTypes: [.deviceCode, .refreshToken],
        scopes: ["sso:account:access"], createdAt: 100, expiresAt: 100 + OIDCClient.registrationLifetime)

    private func withClient(_ body: (TestDatabase, String) throws -> Void) throws {
        let db = try TestDatabase()
        let user = User(email: "alice@example.com", displayName: "Alice")
        try db.write { db in
            try UserStore(db).create(user)
            try OIDCClientStore(db).register(Self.client, secretHash: Self.hash("c"))
        }
        try body(db, user.id)
    }

    private func startSession(_ db: TestDatabase, userID: String, access: Character = "a", refresh: Character = "2") throws -> PortalSession
    {
        try db.write { db in
            try CLISessionStore(db).create(
                userID: userID, client: PortalSession.CLIClient(id: Self.client.id, name: Self.client.name),
                accessTokenHash: Self.hash(access), refreshTokenHash: Self.hash(refresh), authMethod: .passwordAndTOTP, createdAt: 100,
                lifetimeSeconds: 3_600, ip: "192.0.2.1", userAgent: "aws-cli/2.9.19")
        }
    }

    @Test func aClientIsFoundWithItsSecretHashUntilItExpires() throws {
        try withClient { db, _ in
            let found = try db.read { try OIDCClientStore($0).find(id: Self.client.id, now: 200) }
            #expect(found?.client == Self.client)
            #expect(found?.secretHash == Self.hash("c"))
            #expect(try db.read { try OIDCClientStore($0).find(id: Self.client.id, now: Self.client.expiresAt) } == nil)
            #expect(try db.write { try OIDCClientStore($0).prune(now: Self.client.expiresAt) } == 1)
        }
    }

    @Test func aDeviceAuthorizationIsDecidedOnceAndRedeemedOnce() throws {
        try withClient { db, userID in
            let authorization = DeviceAuthorization(
                deviceCodeHash: Self.hash("d"), client: PortalSession.CLIClient(id: Self.client.id, name: Self.client.name),
                createdAt: 100, expiresAt: 700, ip: "192.0.2.1\u{7}", userAgent: "aws-cli/2.9.19")
            try db.write { try DeviceAuthorizationStore($0).create(authorization, userCodeHash: Self.hash("1")) }
            #expect(try db.read { try DeviceAuthorizationStore($0).userCodeExists(hash: Self.hash("1")) })
            #expect(try db.read { try DeviceAuthorizationStore($0).pendingCount(now: 200) } == 1)
            let pending = try db.read { try DeviceAuthorizationStore($0).pending(userCodeHash: Self.hash("1"), now: 200) }
            #expect(pending?.client.name == "botocore-client-corp")
            #expect(pending?.ip == "192.0.2.1", "control characters are dropped")
            #expect(try !db.write { try DeviceAuthorizationStore($0).redeem(deviceCodeHash: Self.hash("d"), now: 200) }, "not approved yet")

            let decided = try db.write {
                try DeviceAuthorizationStore($0).decide(
                    userCodeHash: Self.hash("1"), approve: true, userID: userID, authMethod: .passwordAndTOTP, now: 300)
            }
            #expect(decided)
            let again = try db.write {
                try DeviceAuthorizationStore($0).decide(
                    userCodeHash: Self.hash("1"), approve: false, userID: userID, authMethod: .password, now: 301)
            }
            #expect(!again, "decided once")
            let polled = try db.read { try DeviceAuthorizationStore($0).find(deviceCodeHash: Self.hash("d")) }
            #expect(polled?.status == .approved)
            #expect(polled?.userID == userID)
            #expect(polled?.authMethod == .passwordAndTOTP)
            #expect(try db.write { try DeviceAuthorizationStore($0).redeem(deviceCodeHash: Self.hash("d"), now: 310) })
            #expect(try !db.write { try DeviceAuthorizationStore($0).redeem(deviceCodeHash: Self.hash("d"), now: 311) }, "redeemed once")
            #expect(try db.read { try DeviceAuthorizationStore($0).pending(userCodeHash: Self.hash("1"), now: 320) } == nil)
        }
    }

    @Test func anExpiredDeviceAuthorizationCannotBeDecidedAndIsPrunedAnHourLater() throws {
        try withClient { db, userID in
            let authorization = DeviceAuthorization(
                deviceCodeHash: Self.hash("d"), client: PortalSession.CLIClient(id: Self.client.id, name: Self.client.name),
                createdAt: 100, expiresAt: 700, ip: "", userAgent: "")
            try db.write { try DeviceAuthorizationStore($0).create(authorization, userCodeHash: Self.hash("1")) }
            let decided = try db.write {
                try DeviceAuthorizationStore($0).decide(
                    userCodeHash: Self.hash("1"), approve: true, userID: userID, authMethod: .password, now: 700)
            }
            #expect(!decided)
            #expect(try db.write { try DeviceAuthorizationStore($0).prune(now: 700 + 3_599) } == 0, "still answers expired")
            #expect(try db.write { try DeviceAuthorizationStore($0).prune(now: 700 + 3_600) } == 1)
        }
    }

    @Test func anAuthorizationCodeIsRedeemedOnceAndAReplayNamesItsSession() throws {
        try withClient { db, userID in
            let code = AuthorizationCodeStore.Code(
                clientID: Self.client.id, userID: userID, authMethod: .saml, redirectURI: "http://127.0.0.1:4000/oauth/callback",
                codeChallenge: String(repeating: "E", count: 43), createdAt: 100, expiresAt: 400)
            try db.write { try AuthorizationCodeStore($0).create(code, codeHash: Self.hash("3")) }
            #expect(try db.write { try AuthorizationCodeStore($0).redeem(codeHash: Self.hash("3"), now: 150) } == .redeemed(code))
            let session = try startSession(db, userID: userID)
            try db.write { try AuthorizationCodeStore($0).attach(codeHash: Self.hash("3"), sessionID: session.id) }
            #expect(
                try db.write { try AuthorizationCodeStore($0).redeem(codeHash: Self.hash("3"), now: 160) }
                    == .replayed(sessionID: session.id))
            #expect(try db.write { try AuthorizationCodeStore($0).redeem(codeHash: Self.hash("4"), now: 160) } == .invalid)
        }
    }

    @Test func anExpiredAuthorizationCodeIsInvalid() throws {
        try withClient { db, userID in
            let code = AuthorizationCodeStore.Code(
                clientID: Self.client.id, userID: userID, authMethod: .password, redirectURI: "http://127.0.0.1/cb",
                codeChallenge: String(repeating: "E", count: 43), createdAt: 100, expiresAt: 400)
            try db.write { try AuthorizationCodeStore($0).create(code, codeHash: Self.hash("3")) }
            #expect(try db.write { try AuthorizationCodeStore($0).redeem(codeHash: Self.hash("3"), now: 400) } == .invalid)
        }
    }

    @Test func aCLITokenOpensOnlyACLISessionAndACookieOnlyABrowserSession() throws {
        try withClient { db, userID in
            let session = try startSession(db, userID: userID)
            #expect(session.cliClient?.name == "botocore-client-corp")
            let found = try db.read { try CLISessionStore($0).find(accessTokenHash: Self.hash("a"), now: 200) }
            #expect(found?.session.id == session.id)
            #expect(found?.session.cliClient == session.cliClient)
            #expect(try db.read { try SessionStore($0).find(tokenHash: Self.hash("a"), now: 200) } == nil, "not a cookie")

            let browser = try db.write {
                try SessionStore($0).create(
                    userID: userID, tokenHash: Self.hash("b"), createdAt: 100, lifetimeSeconds: 3_600, ip: "", userAgent: "",
                    authMethod: .password)
            }
            #expect(try db.read { try CLISessionStore($0).find(accessTokenHash: Self.hash("b"), now: 200) } == nil, "not a CLI token")
            let listed = try db.read { try SessionStore($0).list(userID: userID, now: 200) }
            #expect(Set(listed.map(\.id)) == [session.id, browser.id], "both kinds on the user's list")
        }
    }

    @Test func aRefreshRotatesBothTokens() throws {
        try withClient { db, userID in
            let session = try startSession(db, userID: userID)
            let outcome = try db.write {
                try CLISessionStore($0).refresh(
                    refreshTokenHash: Self.hash("2"), clientID: Self.client.id, newAccessTokenHash: Self.hash("5"),
                    newRefreshTokenHash: Self.hash("6"), now: 500)
            }
            guard case .refreshed(let refreshed, let user) = outcome else {
                Issue.record("expected a refresh, got \(outcome)")
                return
            }
            #expect(refreshed.id == session.id)
            #expect(refreshed.lastSeenAt == 500)
            #expect(user.id == userID)
            #expect(try db.read { try CLISessionStore($0).find(accessTokenHash: Self.hash("a"), now: 501) } == nil, "old access token")
            #expect(try db.read { try CLISessionStore($0).find(accessTokenHash: Self.hash("5"), now: 501) }?.session.id == session.id)
        }
    }

    @Test func reusingARefreshTokenEndsTheWholeSession() throws {
        try withClient { db, userID in
            let session = try startSession(db, userID: userID)
            _ = try db.write {
                try CLISessionStore($0).refresh(
                    refreshTokenHash: Self.hash("2"), clientID: Self.client.id, newAccessTokenHash: Self.hash("5"),
                    newRefreshTokenHash: Self.hash("6"), now: 500)
            }
            let replay = try db.write {
                try CLISessionStore($0).refresh(
                    refreshTokenHash: Self.hash("2"), clientID: Self.client.id, newAccessTokenHash: Self.hash("7"),
                    newRefreshTokenHash: Self.hash("8"), now: 600)
            }
            guard case .reused(let ended) = replay else {
                Issue.record("expected reuse, got \(replay)")
                return
            }
            #expect(ended?.id == session.id)
            #expect(try db.read { try CLISessionStore($0).find(accessTokenHash: Self.hash("5"), now: 601) } == nil, "chain ended")
            let newest = try db.write {
                try CLISessionStore($0).refresh(
                    refreshTokenHash: Self.hash("6"), clientID: Self.client.id, newAccessTokenHash: Self.hash("9"),
                    newRefreshTokenHash: Self.hash("0"), now: 602)
            }
            #expect(newest == .invalid, "the newest refresh token of an ended chain opens nothing")
        }
    }

    @Test func aRefreshTokenIsBoundToItsClientAndItsUser() throws {
        try withClient { db, userID in
            _ = try startSession(db, userID: userID)
            let otherClient = try db.write {
                try CLISessionStore($0).refresh(
                    refreshTokenHash: Self.hash("2"), clientID: "client-someone-else-000", newAccessTokenHash: Self.hash("5"),
                    newRefreshTokenHash: Self.hash("6"), now: 500)
            }
            #expect(otherClient == .invalid)
            try db.write { db in
                try db.execute("UPDATE users SET status = 'disabled' WHERE id = ?", [userID])
            }
            let disabled = try db.write {
                try CLISessionStore($0).refresh(
                    refreshTokenHash: Self.hash("2"), clientID: Self.client.id, newAccessTokenHash: Self.hash("5"),
                    newRefreshTokenHash: Self.hash("6"), now: 500)
            }
            #expect(disabled == .invalid, "a disabled user's refresh is refused")
            #expect(try db.read { try CLISessionStore($0).find(accessTokenHash: Self.hash("a"), now: 501) } == nil)
        }
    }

    @Test func logoutEndsTheCLISession() throws {
        try withClient { db, userID in
            let session = try startSession(db, userID: userID)
            #expect(try db.write { try CLISessionStore($0).end(accessTokenHash: Self.hash("a"), by: "logout", now: 200) }?.id == session.id)
            #expect(try db.read { try CLISessionStore($0).find(accessTokenHash: Self.hash("a"), now: 201) } == nil)
            #expect(try db.write { try CLISessionStore($0).end(accessTokenHash: Self.hash("a"), by: "logout", now: 202) } == nil)
        }
    }
}
