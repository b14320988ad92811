import SQLite

/// Portico's database schema as named, ordered migrations; each runs once, in its own transaction.
///
/// Constraints live in the schema (`NOT NULL`, `UNIQUE`, `CHECK`, foreign keys) so that no code path can
/// store what the domain forbids. Later issues append migrations here; applied ones are never edited.
package enum Schema {
    package static var migrator: Migrator {
        var migrator = Migrator()
        migrator.register("0001_settings") { db in
            try db.executeScript(
                """
                CREATE TABLE settings (
                    key TEXT PRIMARY KEY NOT NULL CHECK (length(key) BETWEEN 1 AND 64),
                    value TEXT NOT NULL,
                    updated_at TEXT NOT NULL
                ) STRICT;
                """)
        }
        migrator.register("0002_audit_events") { db in
            // Append-only: triggers refuse updates and deletes, so history cannot be rewritten from SQL either.
            try db.executeScript(
                """
                CREATE TABLE audit_events (
                    id INTEGER PRIMARY KEY,
                    time TEXT NOT NULL,
                    actor TEXT NOT NULL,
                    action TEXT NOT NULL,
                    target TEXT NOT NULL DEFAULT '',
                    outcome TEXT NOT NULL CHECK (outcome IN ('success', 'failure')),
                    ip TEXT NOT NULL DEFAULT '',
                    request_id TEXT NOT NULL DEFAULT '',
                    details TEXT NOT NULL DEFAULT '{}' CHECK (json_valid(details))
                ) STRICT;
                CREATE INDEX audit_events_time ON audit_events (time);
                CREATE TRIGGER audit_events_no_update BEFORE UPDATE ON audit_events
                    BEGIN SELECT RAISE(ABORT, 'audit events are append-only'); END;
                CREATE TRIGGER audit_events_no_delete BEFORE DELETE ON audit_events
                    BEGIN SELECT RAISE(ABORT, 'audit events are append-only'); END;
                """)
        }
        migrator.register("0003_directory") { db in
            try db.executeScript(directorySchema)
        }
        migrator.register("0004_authentication") { db in
            try db.executeScript(authenticationSchema)
        }
        migrator.register("0006_audit_indexes") { db in
            // Each filter of the audit page and its export, in the page's newest-first order.
            try db.executeScript(
                """
                CREATE INDEX audit_events_actor_time ON audit_events (actor, time);
                CREATE INDEX audit_events_action_time ON audit_events (action, time);
                CREATE INDEX audit_events_target_time ON audit_events (target, time);
                """)
        }
        migrator.register("0007_portal") { db in
            try db.executeScript(portalSchema)
        }
        migrator.register("0008_portal_personal_generation") { db in
            try db.executeScript(personalGenerationSchema)
        }
        migrator.register("0009_authentication_hardening", hardenAuthentication)
        migrator.register("0010_directory_generation") { db in
            try db.executeScript(generationTriggers(on: directoryGenerationTables))
        }
        migrator.register("0011_health_probe") { db in
            try db.executeScript(healthProbeSchema)
        }
        migrator.register("0012_scim_tokens") { db in
            try db.executeScript(scimTokenSchema)
        }
        migrator.register("0013_scim_directory", rebuildsTables: true, scimDirectory)
        migrator.register("0014_identity_providers") { db in
            try db.executeScript(identityProviderSchema)
        }
        migrator.register("0015_jump_accounts") { db in
            try db.executeScript(jumpAccountSchema)
        }
        migrator.register("0016_cli_sign_in") { db in
            try db.executeScript(cliSignInSchema)
        }
        migrator.register("0017_aws_provisioning") { db in
            try db.executeScript(awsProvisioningSchema)
        }
        migrator.register("0018_webauthn", rebuildsTables: true, webAuthn)
        migrator.register("0019_owner_bounds") { db in
            try db.executeScript(ownerBoundsSchema)
        }
        migrator.register("0020_key_reset_links") { db in
            try db.executeScript(keyResetLinksSchema)
        }
        migrator.register("0021_federated_security_keys", rebuildsTables: true, federatedSecurityKeys)
        return migrator
    }

    /// Opens (creating if needed) the database file and brings its schema up to date.
    package static func openAndMigrate(path: String, writePatience: Database.WritePatience = Database.WritePatience()) throws -> Database {
        let database = try Database(path: path, writePatience: writePatience)
        try migrator.migrate(database)
        return database
    }
}
