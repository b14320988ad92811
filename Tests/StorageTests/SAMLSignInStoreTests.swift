import Domain
import SQLite
import Storage
import Testing

/// The short-lived state of SAML sign-ins: each row answers once, expires, and is pruned.
struct SAMLSignInStoreTests {
    private func withProvider(_ body: (TestDatabase, IdentityProvider, String) throws -> Void) throws {
        let db = try TestDatabase()
        let provider = IdentityProvider(
            key: "entra", name: "Entra", entityID: "https://sts.example/", singleSignOnURL: "https://login.example/saml",
            certificates: ["-----BEGIN CERTIFICATE-----\nMIIB\n-----END CERTIFICATE-----"])
        let user = User(email: "alice@example.com", displayName: "Alice")
        try db.write { db in
            try IdentityProviderStore(db).create(provider)
            try UserStore(db).create(user)
        }
        try body(db, provider, user.id)
    }

    @Test func requestsAnswerOnceAndOnlyWhileOutstanding() throws {
        try withProvider { db, provider, _ in
            let hash = String(repeating: "a", count: 64)
            try db.write { db in
                try SAMLSignInStore(db).save(
                    .init(requestID: "_r1", identityProviderID: provider.id, browserHash: hash, returnTo: "/start", expiresAt: 200),
                    now: 100)
            }
            #expect(try db.read { try SAMLSignInStore($0).findRequest(id: "_r1", now: 150) }?.returnTo == "/start")
            #expect(try db.read { try SAMLSignInStore($0).findRequest(id: "_r1", now: 200) } == nil, "expired")
            #expect(try db.write { try SAMLSignInStore($0).takeRequest(id: "_r1", now: 150) }?.browserHash == hash)
            #expect(try db.write { try SAMLSignInStore($0).takeRequest(id: "_r1", now: 150) } == nil, "used once")
        }
    }

    @Test func anAssertionIsConsumedOnceAndPendingSignInsCompleteOnce() throws {
        try withProvider { db, provider, userID in
            #expect(try db.write { try SAMLSignInStore($0).consume(assertionID: "_a", identityProviderID: provider.id, expiresAt: 300) })
            #expect(try !db.write { try SAMLSignInStore($0).consume(assertionID: "_a", identityProviderID: provider.id, expiresAt: 300) })
            let pending = SAMLSignInStore.PendingSignIn(
                identityProviderID: provider.id, userID: userID, requestID: nil, mfaSatisfied: true, sessionIndex: "_s", returnTo: "/start",
                expiresAt: 300)
            let hash = String(repeating: "b", count: 64)
            try db.write { try SAMLSignInStore($0).savePending(pending, tokenHash: hash) }
            #expect(try db.write { try SAMLSignInStore($0).takePending(tokenHash: hash, now: 200) } == pending)
            #expect(try db.write { try SAMLSignInStore($0).takePending(tokenHash: hash, now: 200) } == nil)
            // What expired goes, and a replay is possible again only once the assertion itself has expired.
            #expect(try db.write { try SAMLSignInStore($0).prune(now: 400) } == 1)
            #expect(try db.write { try SAMLSignInStore($0).consume(assertionID: "_a", identityProviderID: provider.id, expiresAt: 900) })
        }
    }
}
