import Domain
import JSON
import SAML
import SQLite
import Storage
import Time
import Web

/// Portico as the SAML identity provider AWS trusts: its entity id, its signing keys and its metadata.
///
/// The entity id is `<base URL>/saml/metadata`, the address the metadata is served from, and it is
/// written as the `Issuer` of every assertion; IAM matches the two, so changing the base URL means
/// uploading the metadata to IAM again.
package struct ConsoleFederation: Sendable {
    package static let metadataPath = "/saml/metadata"
    static let metadataContentType = "application/samlmetadata+xml"

    let entityID: String
    /// Where AWS sends people who start at the console: the portal.
    let singleSignOnURL: String
    let keyring: SigningKeyring

    init(baseURL: String, keyring: SigningKeyring) {
        entityID = baseURL + Self.metadataPath
        singleSignOnURL = baseURL + "/start"
        self.keyring = keyring
    }

    /// Loads the signing keys from the data directory, creating the first one (about a second of RSA key
    /// generation) on the first start, before the server listens. Creation is audited.
    static func boot(
        dataDirectory: DataDirectory, database: Database, baseURL: String, clock: WallClock, log: AccessLog
    ) throws -> ConsoleFederation {
        let store = SigningKeyStore(dataDirectory: dataDirectory.path)
        let keys: SigningKeySet
        do {
            keys = try database.write { db in
                try store.loadOrCreate(now: Int64(clock.epochSeconds)) { key in
                    try AuditStore(db).append(
                        AuditEvent(
                            time: clock.now().iso8601Milliseconds, actor: "system", action: "saml.key.create", target: key.id,
                            details: JSONNode.object(["state": .string(key.state.rawValue), "sha256": .string(key.fingerprint)]).text()))
                    log.log(.info, "created SAML signing key", fields: [("key_id", key.id), ("sha256", key.fingerprint)])
                }
            }.keys
        } catch let error as SigningKeyStoreError {
            throw StartupError("SAML signing keys: \(error)")
        }
        let keyring = SigningKeyring(store: store, keys: keys, clock: clock) { error in
            log.log(
                .error, "SAML signing keys changed but cannot be loaded; still signing with the previous ones",
                fields: [("reason", "\(error)")])
        }
        return ConsoleFederation(baseURL: baseURL, keyring: keyring)
    }

    /// `GET /saml/metadata`: the file an admin uploads to IAM as the SAML provider, listing every published certificate.
    func metadata(_ request: Request) throws -> HTTPResponse {
        var response = HTTPResponse(status: .ok, contentType: Self.metadataContentType, body: metadataXML())
        // Revalidated on every fetch, so a rotation's new certificate is never hidden by a cache.
        response.headers.replaceOrAdd(name: "Cache-Control", value: "no-cache")
        return response
    }

    /// The metadata document with every certificate published now.
    func metadataXML() -> String {
        let keys = keyring.current().keys
        return IdPMetadata(entityID: entityID, singleSignOnURL: singleSignOnURL, signingCertificates: keys.publishedCertificates).xml
    }
}

extension ConsoleFederation {
    /// The metadata a server with `baseURL` on `dataDirectory` publishes, read from its signing keys without
    /// starting it: `portico provision` uploads the same document the server would.
    package static func publishedMetadataXML(dataDirectory: String, baseURL: String) throws -> String {
        let keys = try SigningKeyStore(dataDirectory: dataDirectory).load()
        return IdPMetadata(
            entityID: baseURL + metadataPath, singleSignOnURL: baseURL + "/start", signingCertificates: keys.publishedCertificates
        ).xml
    }
}
