import App
import Crypto
import Foundation
import SQLite
import Storage
import TestSupport
import Testing

/// The data directory holds password hashes, sessions and the key to the TOTP secrets: every file in it is
/// created owner-only, and a directory, database or `secret.key` other users can read stops the start.
struct DataDirectoryPrivacyTests {
    private func mode(_ path: String) throws -> Int {
        try #require(try FileManager.default.attributesOfItem(atPath: path)[.posixPermissions] as? Int)
    }

    private func start(_ data: String) throws {
        let configuration = Configuration(
            listen: .init(host: "127.0.0.1", port: 0), dataDirectory: data, workers: 1, resourcesDirectory: Checkout.root)
        _ = try PorticoApp(configuration: configuration, log: CapturedLog().log)
    }

    /// The reviewer's case: the directory already existed, and the files came out 0644 under the usual umask
    /// (which this test process has: only the `portico` executable narrows it).
    @Test func filesInAnExistingDirectoryAreOwnerOnlyUnderTheDefaultUmask() throws {
        let data = Checkout.temporaryDirectory("private")
        defer { try? FileManager.default.removeItem(atPath: data) }
        try withPortico(dataDirectory: data) { app, _ in
            try app.apply(SignInTests.users)
            for name in ["portico.sqlite3", "portico.sqlite3-wal", "portico.sqlite3-shm", "secret.key"] {
                #expect(try mode(data + "/" + name) == 0o600, "\(name)")
            }
        }
    }

    @Test(arguments: [("", 0o755, "chmod 700"), ("/secret.key", 0o644, "chmod 600"), ("/portico.sqlite3", 0o640, "chmod 600")])
    func aFileOthersCanReadStopsTheStart(file: String, mode: Int, fix: String) throws {
        let data = Checkout.temporaryDirectory("private")
        defer { try? FileManager.default.removeItem(atPath: data) }
        try withPortico(dataDirectory: data) { _, _ in }
        try FileManager.default.setAttributes([.posixPermissions: mode], ofItemAtPath: data + file)
        do {
            try start(data)
            Issue.record("started with \(data + file) at mode \(String(mode, radix: 8))")
        } catch let error as StartupError {
            #expect(error.description.contains("\(fix) \(data + file)"), "\(error)")
            #expect(error.description.contains("other users can read it"))
        }
        try FileManager.default.setAttributes([.posixPermissions: file.isEmpty ? 0o700 : 0o600], ofItemAtPath: data + file)
        try start(data)
    }

    /// What a copy of the database gives away: no TOTP secret in any form the server stored it in.
    @Test func totpSecretsAreStoredSealedAndOpenOnlyWithThisDataDirectorysKey() throws {
        let data = Checkout.temporaryDirectory("private")
        defer { try? FileManager.default.removeItem(atPath: data) }
        let secret = TOTP.newSecret()
        try withPortico(dataDirectory: data) { app, _ in
            try app.apply(SignInTests.users)
            try app.addConfirmedDevice(for: "alice@example.com", secret: secret)
        }
        let file =
            try Data(contentsOf: URL(fileURLWithPath: data + "/portico.sqlite3"))
            + ((try? Data(contentsOf: URL(fileURLWithPath: data + "/portico.sqlite3-wal"))) ?? Data())
        #expect(file.range(of: Data(secret)) == nil)
        #expect(file.range(of: Data(Base32.encode(secret).utf8)) == nil)

        // Another key (a secret.key from elsewhere) opens none of them: the start says so instead of
        // refusing every code later.
        try Data(SecureRandom.bytes(32)).write(to: URL(fileURLWithPath: data + "/secret.key"))
        try FileManager.default.setAttributes([.posixPermissions: 0o600], ofItemAtPath: data + "/secret.key")
        do {
            try start(data)
            Issue.record("started with a secret.key that does not open the TOTP secrets")
        } catch let error as StartupError {
            #expect(error.description.contains("secret.key does not open the 1 TOTP secrets"), "\(error)")
        }
    }

    /// A database from before sealing keeps working: the next start seals its plaintext secrets, and the
    /// codes of the authenticator app the user already has still sign in.
    @Test func plaintextSecretsOfAnOlderVersionAreSealedAtStartAndKeepWorking() throws {
        let data = Checkout.temporaryDirectory("private")
        defer { try? FileManager.default.removeItem(atPath: data) }
        let secret = TOTP.newSecret()
        try withPortico(dataDirectory: data) { app, _ in
            try app.apply(SignInTests.users)
            try app.database.write { db in
                let alice = try #require(try UserStore(db).find(email: "alice@example.com"))
                try db.execute(
                    "INSERT INTO mfa_devices (user_id, name, secret, created_at, confirmed_at) VALUES (?, 'Old phone', ?, 1000, 1000)",
                    [alice.id, secret])
            }
        }
        try withPortico(dataDirectory: data) { app, log in
            let stored: [UInt8] = try app.database.read { try $0.scalar("SELECT secret FROM mfa_devices") }
            #expect(stored.count == 49 && stored.first == 1)
            #expect(log.entries.contains { $0["message"] as? String == "TOTP secrets sealed" && $0["devices"] as? String == "1" })

            let browser = Browser(port: app.server.port)
            #expect(
                try browser.signIn("alice@example.com", "alice-password-1", returnTo: "/me/sessions").header("Location")
                    == "/mfa?return_to=/me/sessions")
            let code = TOTP.code(secret: secret, at: Int(Date().timeIntervalSince1970))
            let response = try browser.submit("/mfa", to: "/mfa", [("code", code), ("return_to", "/me/sessions")])
            #expect(response.status == 303 && response.header("Location") == "/me/sessions")
        }
    }
}
