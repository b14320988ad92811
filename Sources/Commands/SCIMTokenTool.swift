import App
import Domain
import JSON
import SQLite
import Storage
import Time

/// The `scim-token` subcommand: makes a SCIM bearer token (printed once, stored as its hash) as the
/// Provisioning page does (`SCIMTokens`), lists them, or revokes one, each change audited with the actor
/// `cli` in its own transaction.
///
/// A running `portico serve` on the same data directory reads tokens from the database on every request,
/// so a token made or revoked here counts at once. Exit status: 0 done, 1 nothing to revoke by that name
/// or the name is taken, 2 a usage or I/O error.
package enum SCIMTokenTool {
    static let actor = "cli"

    package static func run(
        _ options: SCIMTokenOptions, clock: WallClock = .system, output: (String) -> Void, errors: (String) -> Void
    ) -> Int32 {
        let database: Database
        do {
            database = try DataDirectory(path: options.dataDirectory).openDatabase()
        } catch {
            errors("portico: \(error)")
            return 2
        }
        do {
            switch options.action {
            case .create: return try create(options, database: database, clock: clock, output: output, errors: errors)
            case .list: try list(database: database, clock: clock, output: output)
            case .revoke: return try revoke(options, database: database, clock: clock, output: output, errors: errors)
            }
        } catch {
            errors("portico: scim-token \(options.action.rawValue): \(error)")
            return 2
        }
        return 0
    }

    private static func create(
        _ options: SCIMTokenOptions, database: Database, clock: WallClock, output: (String) -> Void, errors: (String) -> Void
    ) throws -> Int32 {
        let name = options.name ?? ""
        let issued: SCIMTokens.Issued
        do {
            issued = try database.write { db in
                let issued = try SCIMTokens.create(name: name, lifetimeSeconds: options.expires?.seconds, now: clock.epochSeconds, db: db)
                try audit(clock, SCIMTokens.createAction, target: name, db: db, details: SCIMTokens.auditDetails(issued.token))
                return issued
            }
        } catch StoreError.duplicate {
            errors("portico: an active SCIM token is already named \(name); revoke it first or choose another name")
            return 1
        } catch let invalid as ValidationErrors {
            errors("portico: \(invalid)")
            return 2
        }
        output("Created SCIM token \(name)\(options.expires.map { " (expires in \($0))" } ?? ""). It is shown only now:")
        output("")
        output(issued.secret)
        output("")
        output("Give it to the identity provider as the secret token, with the tenant URL <base URL>/scim/v2.")
        return 0
    }

    private static func list(database: Database, clock: WallClock, output: (String) -> Void) throws {
        let tokens = try database.read { try SCIMTokenStore($0).list() }
        let now = clock.epochSeconds
        output("NAME                              STATE    CREATED               EXPIRES               LAST USED")
        for token in tokens {
            let state = token.revokedAt != nil ? "revoked" : token.isActive(at: now) ? "active" : "expired"
            output(
                [
                    pad(token.name, 33), pad(state, 8), pad(moment(token.createdAt), 21), pad(token.expiresAt.map(moment) ?? "never", 21),
                    token.lastUsedAt.map(moment) ?? "never",
                ].joined(separator: " "))
        }
    }

    private static func revoke(
        _ options: SCIMTokenOptions, database: Database, clock: WallClock, output: (String) -> Void, errors: (String) -> Void
    ) throws -> Int32 {
        let name = options.name ?? ""
        let revoked = try database.write { db in
            guard try SCIMTokenStore(db).revoke(name: name, now: clock.epochSeconds) else { return false }
            try audit(clock, SCIMTokens.revokeAction, target: name, db: db, details: ["name": .string(name)])
            return true
        }
        guard revoked else {
            errors("portico: no active SCIM token is named \(name)")
            return 1
        }
        output("Revoked SCIM token \(name): requests carrying it are refused from now on.")
        return 0
    }

    private static func audit(_ clock: WallClock, _ action: String, target: String, db: Connection, details: [String: JSONNode]) throws {
        try AuditStore(db).append(
            AuditEvent(
                time: clock.now().iso8601Milliseconds, actor: actor, action: action, target: target,
                details: JSONNode.object(details).text()))
    }

    private static func moment(_ epochSeconds: Int) -> String {
        Timestamp(seconds: epochSeconds).iso8601Milliseconds.prefix(19) + "Z"
    }

    private static func pad(_ text: String, _ width: Int) -> String {
        text.count >= width ? text : text + String(repeating: " ", count: width - text.count)
    }
}
