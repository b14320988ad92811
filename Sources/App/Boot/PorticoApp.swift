import Crypto
import Directory
import Domain
import OIDC
import PortalAPI
import SCIM
import SQLite
import Storage
import TemplateEngine
import Time
import Web

/// Everything `portico serve` runs, assembled from a configuration: store, templates, routes and the server.
///
/// Building checks all that can be checked before accepting a connection (data directory and that no other
/// server uses it, migrations, that the database takes a write, every template), so a broken deployment stops
/// at boot with a message instead of failing one request at a time.
package final class PorticoApp: Sendable {
    package let configuration: Configuration
    package let database: Database
    package let server: HTTPServer
    /// Every route and group the server answers, for tests that walk the table.
    package let router: Router
    package let log: AccessLog
    /// One throttle for the whole process, so every event loop and worker counts the same failures.
    package let loginThrottle: LoginThrottle
    /// Wrong second-factor codes per account; tests pass a tighter one.
    package let secondFactorLimit: SecondFactorLimit
    /// The time every session, link, code, key check and audit event goes by.
    package let clock: WallClock
    /// Seals and opens the TOTP secrets in the database; tests seal the secrets they store directly.
    package let totpSecrets: TOTPSecretBox
    let backgroundWriter: BackgroundWriter
    /// Keeps the enrolled AWS accounts in sync; tests and `portico provision` call it directly.
    package let provisioner: AWSProvisioner
    /// Whether the database takes writes; the start asks first, then `/readyz`.
    package let writeProbe: WriteProbe
    /// Keeps a second server off this data directory until this one has stopped.
    private let directoryLock: DataDirectoryLock
    /// The one-time setup link's token when the database has no users; logged once the server listens.
    private let setupToken: String?

    /// - Parameters:
    ///   - loginThrottle: tests pass one with a fake clock; production counts in real time.
    ///   - passwordHasher: the cost of new password hashes (setup, reset, first admin).
    ///   - clock: the system's in production; tests move a `ManualClock` instead of sleeping.
    ///   - extraRoutes: more routes and groups beside Portico's own; tests mount a machine surface with it.
    ///   - awsConnection: where and as whom enrolled accounts are kept in sync; nil for the configuration's
    ///     endpoints and the usual credential sources (tests pass a loopback one, so nothing leaves the machine).
    package init(
        configuration: Configuration, log: AccessLog = .standardError, loginThrottle: LoginThrottle = LoginThrottle(),
        secondFactorLimit: SecondFactorLimit = SecondFactorLimit(),
        passwordHasher: PasswordHasher = PasswordHasher(), clock: WallClock = .system, extraRoutes: (inout Router) -> Void = { _ in },
        awsConnection: AWSProvisioner.Connection? = nil
    ) throws {
        self.configuration = configuration
        self.log = log
        self.loginThrottle = loginThrottle
        self.secondFactorLimit = secondFactorLimit
        self.clock = clock
        // Resources first: they change nothing, so a deployment missing them fails before any key or row is made.
        let staticFiles = try StaticFiles(directory: configuration.publicDirectory)
        let library = try TemplateLibrary.load(directory: configuration.templatesDirectory)
        let pages = try PageRenderer(
            library: library, stylesheetPath: staticFiles.fingerprintedPath(for: "app.css"),
            sessionScriptPath: staticFiles.fingerprintedPath(for: "session.js"), isSecure: configuration.isSecure, clock: clock)

        let dataDirectory = try DataDirectory(path: configuration.dataDirectory)
        // Before anything in the directory is created or written, so a second server changes nothing.
        directoryLock = try DataDirectoryLock(directory: dataDirectory.path)
        let secret = try ServerSecret.loadOrCreate(in: dataDirectory)
        // Writers wait at most 2 s, and all but one worker at most 0.2 s, for a lock held elsewhere (a large
        // `portico apply`): then the request is a 503 "busy" page, and one worker is always left for
        // requests that only read.
        database = try dataDirectory.openDatabase(
            writePatience: Database.WritePatience(wait: .seconds(2), patientWriters: max(1, Self.workerThreads - 1)))
        // Opening and an up-to-date schema only read, and SQLite opens a file it may not write read-only
        // without a word: without a real write, a read-only database would start and fail every sign-in.
        writeProbe = WriteProbe(database: database, clock: clock, log: log)
        if case .failed(let reason) = writeProbe.check() {
            throw StartupError(
                "cannot write \(dataDirectory.databasePath): \(reason); check that the user Portico runs as may write it, "
                    + "its -wal and -shm files and \(dataDirectory.path), that the file system is writable and not full, "
                    + "and that no other process holds the database's write lock")
        }
        totpSecrets = TOTPSecretBox(secret: secret)
        try totpSecrets.prepare(database, log: log)
        if configuration.demo, try DemoDirectory.loadIfEmpty(into: database, clock: clock) {
            log.log(
                .info, "demo directory loaded",
                fields: [
                    ("sign_in", "\(DemoDirectory.adminEmail) (admin) or any demo user, password \(DemoDirectory.password)"),
                    ("users", (DemoDirectory.file.users ?? []).map(\.email).joined(separator: " ")),
                ])
        }
        let federation = try ConsoleFederation.boot(
            dataDirectory: dataDirectory, database: database, baseURL: configuration.baseURL, clock: clock, log: log)
        let metrics = Metrics()
        backgroundWriter = BackgroundWriter(database: database, log: log, clock: clock)
        let authentication = Authentication(
            database: database, secret: secret, throttle: loginThrottle, secondFactorLimit: secondFactorLimit, hasher: passwordHasher,
            writer: backgroundWriter,
            cookies: SessionCookies(isSecure: configuration.isSecure), totpSecrets: totpSecrets, clock: clock)

        provisioner = AWSProvisioner(
            database: database, connection: awsConnection ?? .standard(configuration: configuration, clock: clock),
            metadataXML: { federation.metadataXML() }, suggestManagedPolicy: AWSProvisioner.closestManagedPolicy, clock: clock, log: log,
            notifier: ProvisioningNotifier(database: database, log: log))

        // After every boot check, so a deployment that cannot start does not print a link.
        setupToken = try FirstAdminBootstrap.bootstrap(
            database: database, configuration: configuration, hasher: passwordHasher, clock: clock, log: log)

        var router = Router()
        PorticoRoutes.register(
            on: &router,
            PorticoRoutes.Services(
                pages: pages, staticFiles: staticFiles, metrics: metrics, metricsToken: configuration.metricsToken?.value,
                authentication: authentication,
                baseURL: configuration.baseURL, federation: federation, writeProbe: writeProbe,
                stsEndpoint: configuration.stsEndpoint, provisioner: provisioner))
        extraRoutes(&router)
        self.router = router
        // The client's address first, so the access log, throttle, audit events and sessions all see the same one;
        // without trusted proxies there is nothing to read, and the chain is one layer shorter.
        let clientAddress: [any Middleware] =
            configuration.trustedProxies.isEmpty ? [] : [ClientAddressMiddleware(trustedProxies: configuration.trustedProxies)]
        let application = WebApplication(
            router: router,
            middleware: clientAddress + [
                RequestIDMiddleware(), AccessLogMiddleware(log: log), MetricsMiddleware(metrics: metrics),
                SecurityHeadersMiddleware(isSecure: configuration.isSecure),
            ],
            log: log,
            renderError: { error, request in pages.errorPage(error, request: request) },
            translateError: { error in
                StorageFailure(error) ?? (error as? SCIMRequestError).map(SCIMFailure.init) ?? (error as? OIDCError).map(OIDCFailure.init)
                    ?? (error as? PortalAPIError).map(PortalAPIFailure.init)
            })

        server = HTTPServer(
            configuration: HTTPServerConfiguration(
                host: configuration.listen.host, port: configuration.listen.port, loopCount: configuration.workers,
                workerCount: Self.workerThreads),
            responder: application)
        let server = server, database = database
        metrics.addGauge("portico_open_connections", help: "Client connections open now.") { Double(server.openConnections) }
        metrics.addCounter(
            "portico_connections_refused_for_descriptors_total",
            help: "Connections answered 503 because the process had run out of file descriptors."
        ) { Double(server.refusedForDescriptors) }
        for state in ProvisioningStatus.State.allCases {
            metrics.addGauge(
                "portico_aws_accounts_\(state.rawValue)",
                help: "AWS accounts Portico keeps in sync whose last attempt left them \(state.rawValue)."
            ) { Double((try? database.read { try ProvisioningStore($0).accountCounts() })?[state] ?? 0) }
        }
        metrics.addCounter("portico_sqlite_busy_retries_total", help: "Times SQLite was busy and a write was retried.") {
            Double(database.busyRetryCount)
        }
    }

    /// Threads for blocking work (scrypt, signing, writes): at least four, so that one waiting write or hash
    /// does not hold up the others on a small machine.
    static let workerThreads = max(4, HTTPServer.onlineCores)

    /// Binds and starts serving; logs the address actually bound (useful with port 0).
    package func start() throws {
        try server.start()
        let host = configuration.listen.isIPv6 ? "[\(configuration.listen.host)]" : configuration.listen.host
        var fields = [("address", "\(host):\(server.port)"), ("base_url", configuration.baseURL), ("version", PorticoVersion.current)]
        if !configuration.trustedProxies.isEmpty { fields.append(("trusted_proxies", configuration.trustedProxies.description)) }
        log.log(.info, "listening", fields: fields)
        provisioner.start()
        if let setupToken {
            FirstAdminBootstrap.logSetupLink(token: setupToken, baseURL: configuration.baseURL, boundPort: server.port, log: log)
        }
        log.flush()
    }

    /// Stops accepting and finishes requests in flight; `wait()` returns when that is done.
    package func shutdown() { server.shutdown() }

    /// Once nothing serves or writes any more, moves every commit from the WAL into the database file and
    /// empties the WAL, so the database file alone is the whole database after a clean stop.
    package func wait() {
        server.wait()
        provisioner.stop()
        backgroundWriter.stop()
        do {
            let checkpoint = try database.checkpoint(.truncate)
            if !checkpoint.isComplete {
                log.log(.warning, "WAL checkpoint at stop did not finish: another process is using the database")
            }
        } catch {
            log.log(.warning, "WAL checkpoint at stop failed", fields: [("error", String(describing: error))])
        }
        directoryLock.release()
        log.flush()
    }
}
