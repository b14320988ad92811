import Crypto
import Domain
import JSON
import SQLite
import Storage
import Time
import Web

/// What `portico serve` does on a database without users: create the admin named in the environment,
/// or print a one-time link that lets the operator create one.
enum FirstAdminBootstrap {
    /// How long the printed setup link works.
    static let setupLinkLifetime = 24 * 3_600

    /// Creates the admin from the environment, or stores a setup link and returns its token for
    /// `setupLinkLogged` to print once the server listens (and knows its port).
    static func bootstrap(
        database: Database, configuration: Configuration, hasher: PasswordHasher, clock: WallClock, log: AccessLog
    ) throws -> String? {
        guard try database.read({ try UserStore($0).count() }) == 0 else { return nil }
        if let admin = configuration.firstAdmin {
            guard admin.password.count >= NewPassword.minimumLength else {
                throw StartupError("PORTICO_ADMIN_PASSWORD must be at least \(NewPassword.minimumLength) characters")
            }
            let hash = hasher.hash(admin.password)
            let user = User(email: admin.email, displayName: "Administrator", isAdmin: true)
            let created = try database.write { db -> Bool in
                // Another process may have filled the database since the check above.
                guard try UserStore(db).count() == 0 else { return false }
                try UserStore(db).create(user)
                try CredentialStore(db).setPasswordHash(userID: user.id, hash: hash, now: clock.epochSeconds)
                try AuditStore(db).append(
                    AuditEvent(
                        time: clock.now().iso8601Milliseconds, actor: "environment", action: "auth.setup", target: user.id,
                        details: JSONNode.object(["via": .string("environment"), "email": .string(user.email)]).text()))
                return true
            }
            if created { log.log(.info, "first admin created", fields: [("email", user.email)]) }
            return nil
        }
        let token = Token.generate()
        let now = clock.epochSeconds
        try database.write { db in
            try SetupTokenStore(db).create(tokenHash: Token.hash(token), createdAt: now, lifetimeSeconds: setupLinkLifetime)
        }
        return token
    }

    /// Logs the one-time setup link. `baseURL` is the configured one, its port 0 replaced by the bound port.
    static func logSetupLink(token: String, baseURL: String, boundPort: Int, log: AccessLog) {
        let base = baseURL.hasSuffix(":0") ? String(baseURL.dropLast()) + String(boundPort) : baseURL
        // The one place a secret is logged, on purpose: the operator has no other way to receive it. It
        // works once, for 24 hours, and only until an admin exists, so a copy left in the log afterwards
        // is worthless; the database keeps only its hash.
        log.log(
            .info, "no users yet: open this one-time link to create the first admin",
            fields: [("setup_url", base + "/setup?token=" + token), ("expires_in", "24h")])
        log.flush()
    }
}
