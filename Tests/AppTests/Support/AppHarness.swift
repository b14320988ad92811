import AWS
import App
import Crypto
import Directory
import Domain
import Foundation
import SAML
import Storage
import Synchronization
import TestSupport
import Testing
import Time
import Web

/// Collects log lines written by an `AccessLog`.
final class CapturedLog: Sendable {
    private final class Lines: Sendable {
        let lines = Mutex<[String]>([])
    }

    private let store = Lines()
    let log: AccessLog

    init() {
        let store = self.store
        log = AccessLog(
            output: .handler { bytes in
                let text = String(decoding: bytes, as: UTF8.self)
                store.lines.withLock { $0.append(contentsOf: text.split(separator: "\n").map(String.init)) }
            }, flushInterval: .milliseconds(10))
    }

    /// Every line so far, parsed as JSON objects.
    var entries: [[String: Any]] {
        log.flush()
        return store.lines.withLock { $0 }.compactMap { line in
            (try? JSONSerialization.jsonObject(with: Data(line.utf8))) as? [String: Any]
        }
    }
}

/// Runs a real Portico on a loopback port 0 with a fresh data directory, then stops it.
///
/// - Parameters:
///   - seedSigningKey: false lets the first start generate its own key, as in production.
///   - dataDirectory: one the caller made and removes, to start Portico on it again; a fresh one otherwise.
///   - trustedProxies: the `--trusted-proxies` list; the test client connects from 127.0.0.1.
///   - stsEndpoint: where credentials come from; an `STSDouble`'s in the credentials tests.
///   - metricsToken: the `--metrics-token` every `/metrics` scrape must send; none by default.
func withPortico(
    resourcesDirectory: String = Checkout.root, firstAdmin: Configuration.FirstAdmin? = nil, baseURL: String? = nil,
    trustedProxies: String = "", seedSigningKey: Bool = true, clock: WallClock = .system,
    loginThrottle: LoginThrottle = LoginThrottle(), dataDirectory reused: String? = nil,
    stsEndpoint: STSEndpoint = .global, metricsToken: String? = nil, extraRoutes: (inout Router) -> Void = { _ in },
    _ body: (PorticoApp, CapturedLog) throws -> Void
) throws {
    let dataDirectory = reused ?? Checkout.temporaryDirectory("data")
    defer { if reused == nil { try? FileManager.default.removeItem(atPath: dataDirectory) } }
    if seedSigningKey { try TestSigningKey.seed(dataDirectory) }
    let captured = CapturedLog()
    let configuration = Configuration(
        listen: .init(host: "127.0.0.1", port: 0), dataDirectory: dataDirectory, baseURL: baseURL, workers: 1,
        resourcesDirectory: resourcesDirectory, firstAdmin: firstAdmin, trustedProxies: try TrustedProxies(parsing: trustedProxies),
        stsEndpoint: stsEndpoint, metricsToken: metricsToken.map(Configuration.MetricsToken.init))
    let app = try PorticoApp(
        configuration: configuration, log: captured.log, loginThrottle: loginThrottle, clock: clock, extraRoutes: extraRoutes,
        awsConnection: .unreachable)
    try app.start()
    defer {
        app.shutdown()
        app.wait()
    }
    try body(app, captured)
}

extension PorticoApp {
    /// Gives `email` a confirmed authenticator holding `secret` (sealed as the enrolment page stores it) and
    /// these recovery codes, as if they had enrolled; returns the secret for computing codes.
    @discardableResult
    func addConfirmedDevice(for email: String, secret: [UInt8] = TOTP.newSecret(), recoveryCodes: [String] = []) throws -> [UInt8] {
        try database.write { db in
            let user = try #require(try UserStore(db).find(email: email))
            let store = MFAStore(db)
            let device = try store.addDevice(
                userID: user.id, name: "Phone", sealedSecret: totpSecrets.seal(secret, userID: user.id), now: 1_000)
            _ = try store.confirmDevice(id: device.id, userID: user.id, step: 0, now: 1_000)
            if !recoveryCodes.isEmpty {
                try store.replaceRecoveryCodes(userID: user.id, hashes: recoveryCodes.map { SHA256.hexHash(Array($0.utf8)) })
            }
        }
        return secret
    }

    /// Stores a security key for `userID` as a registration would, under `credentialID`. Its public key is a
    /// placeholder: for tests about what keys a user has, never about a signature.
    func addSecurityKey(userID: String, credentialID: [UInt8], name: String = "Key") throws {
        _ = try database.write { db in
            try WebAuthnStore(db).add(
                WebAuthnCredential(
                    userID: userID, credentialID: credentialID, publicKey: [0xa0], algorithm: -7, signCount: 0, name: name,
                    discoverable: false, backupEligible: false, transports: [], createdAt: 1_000))
        }
    }

    /// Applies a directory file (users with passwords are stored as scrypt hashes), as `portico apply` would.
    @discardableResult
    func apply(_ json: String) throws -> DirectoryPlan {
        try DirectorySync.apply(Array(json.utf8), to: database, clock: .system)
    }
}
