/// Whether AWS matches what Portico wants in one account, for the account as a whole or for one
/// permission set's role there: what the account, permission set and assignment pages show.
package struct ProvisioningStatus: Hashable, Sendable {
    package enum State: String, CaseIterable, Hashable, Sendable {
        /// A change waits for its next attempt.
        case pending
        /// The last attempt found AWS as Portico wants it, or made it so.
        case inSync = "in_sync"
        /// The last attempt failed; `message` says why and what to do.
        case failed
    }

    package var accountID: String
    /// Empty for the account as a whole; else the permission set's id.
    package var scope: String
    package var state: State
    package var message: String
    /// Who made the change the status is about (`apply`, an admin's email, `drift check`).
    package var changedBy: String
    package var updatedAt: Int
    /// When AWS was last found in sync; nil if never.
    package var syncedAt: Int?
    /// The account's own row: the hash of the desired state the last successful attempt brought about.
    package var desiredHash: String?

    package init(
        accountID: String, scope: String = "", state: State, message: String = "", changedBy: String = "", updatedAt: Int,
        syncedAt: Int? = nil, desiredHash: String? = nil
    ) {
        self.accountID = accountID
        self.scope = scope
        self.state = state
        self.message = message
        self.changedBy = changedBy
        self.updatedAt = updatedAt
        self.syncedAt = syncedAt
        self.desiredHash = desiredHash
    }
}
