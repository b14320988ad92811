import App
import Domain
import JSON
import SAML
import SQLite
import Storage
import Time

/// The `keys` subcommand: lists the SAML signing keys and takes a rotation through its three steps,
/// each audited with the actor `cli` in the same transaction as the change.
///
/// A running `portico serve` on the same data directory picks every change up within a second. Exit
/// status: 0 done, 1 the step does not fit the keys' states (nothing pending to activate, say), 2 a
/// usage or I/O error, or keys that cannot be read.
package enum KeysTool {
    static let actor = "cli"

    package static func run(
        _ options: KeysOptions, clock: WallClock = .system, output: (String) -> Void, errors: (String) -> Void
    ) -> Int32 {
        let store = SigningKeyStore(dataDirectory: options.dataDirectory)
        guard store.stamp() != nil else {
            errors("portico: no signing keys in \(options.dataDirectory): `portico serve` creates the first one when it first starts")
            return 2
        }
        do {
            switch options.action {
            case .list:
                list(try store.load(), output: output)
            case .rotate:
                let database = try open(options)
                let providerName = try database.read { try SettingsStore($0).federation().samlProviderName }
                let key = try database.write { db in
                    try store.rotate(now: Int64(clock.epochSeconds)) { key in
                        try audit(clock, "saml.key.rotate", key: key, db: db, details: ["state": .string(key.state.rawValue)])
                    }
                }
                output("Created key \(key.id) (pending): the metadata now publishes it beside the active key; it does not sign yet.")
                output("SHA-256 \(key.fingerprint)")
                output("")
                output("Next: upload the metadata from \(options.metadataURL) to the SAML provider \"\(providerName)\" in every AWS")
                output("account (IAM > Identity providers > \(providerName) > Replace metadata), then run `portico keys activate`.")
            case .activate:
                let database = try open(options)
                let (activated, previous) = try database.write { db in
                    try store.activate { activated, previous in
                        try audit(clock, "saml.key.activate", key: activated, db: db, details: ["previous": .string(previous.id)])
                    }
                }
                output("Key \(activated.id) signs from now on; a running server switches within a second.")
                output("Key \(previous.id) stays published as previous, so AWS still accepts what it signed.")
                output("")
                output("Once every account's SAML provider has the new metadata, run `portico keys retire`.")
            case .retire:
                let database = try open(options)
                let retired = try database.write { db in
                    try store.retire { keys in
                        for key in keys { try audit(clock, "saml.key.retire", key: key, db: db, details: [:]) }
                    }
                }
                for key in retired { output("Retired key \(key.id): removed from the metadata, private key deleted.") }
                output("")
                output("Upload the metadata from \(options.metadataURL) to every account's SAML provider again, so AWS stops")
                output("trusting the retired certificate.")
            }
            return 0
        } catch let error as SigningKeyStoreError {
            errors("portico: \(error)")
            if case .refused = error { return 1 }
            return 2
        } catch {
            errors("portico: keys \(options.action.rawValue): \(error)")
            return 2
        }
    }

    /// One line per key: id, state, end of validity, fingerprint.
    static func list(_ keys: SigningKeySet, output: (String) -> Void) {
        output("ID                 STATE     VALID UNTIL            SHA-256 FINGERPRINT")
        for key in keys.keys {
            let state = key.state.rawValue.padding(to: 9)
            output("\(key.id)  \(state) \(SAMLInstant.format(key.certificate.notAfter))   \(key.fingerprint)")
        }
    }

    private static func open(_ options: KeysOptions) throws -> Database {
        try DataDirectory(path: options.dataDirectory).openDatabase()
    }

    private static func audit(
        _ clock: WallClock, _ action: String, key: SigningKey, db: Connection, details: [String: JSONNode]
    ) throws {
        try AuditStore(db).append(
            AuditEvent(
                time: clock.now().iso8601Milliseconds, actor: actor, action: action, target: key.id,
                details: JSONNode.object(details.merging(["sha256": .string(key.fingerprint)]) { given, _ in given }).text()))
    }
}

extension String {
    fileprivate func padding(to width: Int) -> String {
        count >= width ? self : self + String(repeating: " ", count: width - count)
    }
}
