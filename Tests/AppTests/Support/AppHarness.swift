import App
import Directory
import Domain
import Foundation
import SAML
import Synchronization
import TestSupport
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
func withPortico(
    resourcesDirectory: String = Checkout.root, firstAdmin: Configuration.FirstAdmin? = nil, baseURL: String? = nil,
    trustedProxies: String = "", seedSigningKey: Bool = true, clock: WallClock = .system,
    loginThrottle: LoginThrottle = LoginThrottle(), dataDirectory reused: String? = nil,
    extraRoutes: (inout Router) -> Void = { _ in }, _ body: (PorticoApp, CapturedLog) throws -> Void
) throws {
    let dataDirectory = reused ?? Checkout.temporaryDirectory("data")
    defer { if reused == nil { try? FileManager.default.removeItem(atPath: dataDirectory) } }
    if seedSigningKey { try TestSigningKey.seed(dataDirectory) }
    let captured = CapturedLog()
    let configuration = Configuration(
        listen: .init(host: "127.0.0.1", port: 0), dataDirectory: dataDirectory, baseURL: baseURL, workers: 1,
        resourcesDirectory: resourcesDirectory, firstAdmin: firstAdmin, trustedProxies: try TrustedProxies(parsing: trustedProxies))
    let app = try PorticoApp(
        configuration: configuration, log: captured.log, loginThrottle: loginThrottle, clock: clock, extraRoutes: extraRoutes)
    try app.start()
    defer {
        app.shutdown()
        app.wait()
    }
    try body(app, captured)
}

extension PorticoApp {
    /// Applies a directory file (users with passwords are stored as scrypt hashes), as `portico apply` would.
    @discardableResult
    func apply(_ json: String) throws -> DirectoryPlan {
        try DirectorySync.apply(Array(json.utf8), to: database, clock: .system)
    }
}
