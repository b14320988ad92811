import Domain
import SQLite

/// Which accounts Portico keeps in sync in AWS, with which role, and the status of each.
package struct ProvisioningStore {
    /// An account Portico provisions.
    package struct Enrolment: Hashable, Sendable {
        package var accountID: String
        /// The role to assume there; nil for `arn:<partition>:iam::<account>:role/<provisioning_role_name>`.
        package var roleARN: String?
        package var enabledAt: Int
        package var enabledBy: String
    }

    private let db: Connection

    package init(_ db: Connection) {
        self.db = db
    }

    // MARK: Enrolment

    /// Starts keeping `accountID` in sync (or changes the role used), pending until the first attempt.
    package func enable(accountID: String, roleARN: String?, by actor: String, now: Int) throws {
        try db.execute(
            """
            INSERT INTO account_provisioning (account_id, role_arn, enabled_at, enabled_by) VALUES (?1, ?2, ?3, ?4)
            ON CONFLICT (account_id) DO UPDATE SET role_arn = excluded.role_arn
            """, [accountID, roleARN, now, actor])
        try markPending(accountIDs: [accountID], by: actor, now: now)
    }

    /// Stops keeping `accountID` in sync; what exists in AWS stays. Returns whether it was enrolled.
    @discardableResult
    package func disable(accountID: String) throws -> Bool {
        try db.execute("DELETE FROM provisioning_status WHERE account_id = ?", [accountID])
        try db.execute("DELETE FROM account_provisioning WHERE account_id = ?", [accountID])
        return db.changes == 1
    }

    package func enrolment(accountID: String) throws -> Enrolment? {
        try db.queryOne(
            "SELECT account_id, role_arn, enabled_at, enabled_by FROM account_provisioning WHERE account_id = ?", [accountID]
        ).map(Self.enrolment)
    }

    /// Every enrolled account, by id.
    package func enrolments() throws -> [Enrolment] {
        try db.query("SELECT account_id, role_arn, enabled_at, enabled_by FROM account_provisioning ORDER BY account_id").map(
            Self.enrolment)
    }

    private static func enrolment(_ row: Row) throws -> Enrolment {
        Enrolment(
            accountID: try row["account_id"], roleARN: try row["role_arn"], enabledAt: try row["enabled_at"],
            enabledBy: try row["enabled_by"])
    }

    // MARK: Status

    /// Marks the enrolled ones of `accountIDs` as waiting for an attempt because of a change `actor` made;
    /// returns the ids that are enrolled. A failed account stays failed (its message stays until the
    /// attempt), but remembers who changed it last.
    @discardableResult
    package func markPending(accountIDs: [String], by actor: String, now: Int) throws -> [String] {
        var enrolled: [String] = []
        for id in Set(accountIDs).sorted() {
            guard try db.queryOne("SELECT 1 FROM account_provisioning WHERE account_id = ?", [id]) != nil else { continue }
            try db.execute(
                """
                INSERT INTO provisioning_status (account_id, scope, state, changed_by, updated_at) VALUES (?1, '', 'pending', ?2, ?3)
                ON CONFLICT (account_id, scope) DO UPDATE SET
                    state = CASE WHEN state = 'failed' THEN 'failed' ELSE 'pending' END, changed_by = ?2, updated_at = ?3
                """, [id, actor, now])
            enrolled.append(id)
        }
        return enrolled
    }

    /// Replaces `accountID`'s statuses with `statuses` (the account's own, scope `""`, and one per permission set).
    package func record(accountID: String, _ statuses: [ProvisioningStatus]) throws {
        try db.execute("DELETE FROM provisioning_status WHERE account_id = ?", [accountID])
        for status in statuses {
            try db.execute(
                """
                INSERT INTO provisioning_status (account_id, scope, state, message, changed_by, updated_at, synced_at, desired_hash)
                VALUES (?, ?, ?, ?, ?, ?, ?, ?)
                """,
                [
                    accountID, status.scope, status.state.rawValue, String(status.message.prefix(4_096)),
                    String(status.changedBy.prefix(320)), status.updatedAt, status.syncedAt, status.desiredHash,
                ])
        }
    }

    /// The statuses of one account, its own first.
    package func statuses(accountID: String) throws -> [ProvisioningStatus] {
        try db.query("SELECT \(Self.columns) FROM provisioning_status WHERE account_id = ? ORDER BY scope", [accountID]).map(Self.status)
    }

    /// Every permission set's status, for the permission set and assignment pages.
    package func statuses(permissionSetID: String) throws -> [ProvisioningStatus] {
        try db.query("SELECT \(Self.columns) FROM provisioning_status WHERE scope = ? ORDER BY account_id", [permissionSetID]).map(
            Self.status)
    }

    /// The accounts whose last attempt failed, each with its own status.
    package func failures() throws -> [ProvisioningStatus] {
        try db.query("SELECT \(Self.columns) FROM provisioning_status WHERE state = 'failed' AND scope = '' ORDER BY account_id").map(
            Self.status)
    }

    /// How many accounts are in each state, for `/metrics`.
    package func accountCounts() throws -> [ProvisioningStatus.State: Int] {
        var counts: [ProvisioningStatus.State: Int] = [:]
        for row in try db.query("SELECT state, count(*) AS n FROM provisioning_status WHERE scope = '' GROUP BY state") {
            counts[try decode(ProvisioningStatus.State.self, row["state"])] = try row["n"]
        }
        return counts
    }

    private static let columns = "account_id, scope, state, message, changed_by, updated_at, synced_at, desired_hash"

    private static func status(_ row: Row) throws -> ProvisioningStatus {
        ProvisioningStatus(
            accountID: try row["account_id"], scope: try row["scope"], state: try decode(ProvisioningStatus.State.self, row["state"]),
            message: try row["message"], changedBy: try row["changed_by"], updatedAt: try row["updated_at"], syncedAt: try row["synced_at"],
            desiredHash: try row["desired_hash"])
    }
}
