import Domain
import SQLite

/// The facts the admin's first-run checklist reads: what exists and what has already worked, one cheap query each.
package struct SetupProgressStore {
    /// What the directory holds, and which connections have been seen to work.
    package struct Facts: Hashable, Sendable {
        package var accounts = 0
        package var permissionSets = 0
        package var assignments = 0
        /// The `mfa` setting is stored (saving the settings form stores it, default included), or a group has a rule.
        package var mfaPolicyChosen = false
        /// AWS accepted Portico's SAML somewhere: credentials issued through STS, or an account kept in sync. A console
        /// launch is no proof: Portico signs the assertion and the browser posts it, but never hears AWS's answer.
        package var awsTrustsPortico = false
        package var scimTokens = 0
        /// A SCIM client called with a token.
        package var scimRequests = 0
        package var identityProviders = 0
        /// Someone signed in through an identity provider.
        package var identityProviderSignIns = 0

        package init() {}
    }

    private let db: Connection

    package init(_ db: Connection) {
        self.db = db
    }

    package func facts() throws -> Facts {
        var facts = Facts()
        facts.accounts = try db.scalar("SELECT count(*) FROM accounts")
        facts.permissionSets = try db.scalar("SELECT count(*) FROM permission_sets")
        facts.assignments = try db.scalar("SELECT count(*) FROM assignments")
        facts.mfaPolicyChosen = try db.scalar(
            """
            SELECT EXISTS (SELECT 1 FROM settings WHERE key = 'mfa') OR EXISTS (SELECT 1 FROM groups WHERE mfa_rule <> 'none')
            """)
        // The action index answers each of these with one seek.
        facts.awsTrustsPortico = try db.scalar(
            """
            SELECT EXISTS (SELECT 1 FROM audit_events WHERE action = 'credentials.issue' AND outcome = 'success')
                OR EXISTS (SELECT 1 FROM provisioning_status WHERE scope = '' AND synced_at IS NOT NULL)
            """)
        facts.scimTokens = try db.scalar("SELECT count(*) FROM scim_tokens WHERE revoked_at IS NULL")
        facts.scimRequests = try db.scalar("SELECT count(*) FROM (SELECT 1 FROM scim_requests LIMIT 1)")
        facts.identityProviders = try db.scalar("SELECT count(*) FROM identity_providers")
        facts.identityProviderSignIns = try db.scalar(
            """
            SELECT count(*) FROM (SELECT 1 FROM audit_events WHERE action = 'auth.signin' AND outcome = 'success'
                AND json_extract(details, '$.method') LIKE 'saml:%' LIMIT 1)
            """)
        return facts
    }
}
