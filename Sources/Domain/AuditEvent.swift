/// One recorded action: who did what to which target, and how it ended. Append-only.
package struct AuditEvent: Hashable, Sendable {
    package enum Outcome: String, CaseIterable, Hashable, Sendable {
        case success
        case failure
    }

    /// Assigned by the store; nil before the event is appended.
    package var id: Int64?
    /// UTC, ISO-8601 with milliseconds (`2026-11-22T09:15:00.000Z`), so text order is time order.
    package var time: String
    /// The acting user's email, or a fixed name such as `apply` or `scim`.
    package var actor: String
    /// Dotted verb such as `user.create`.
    package var action: String
    package var target: String
    package var outcome: Outcome
    package var ip: String
    package var requestID: String
    /// A JSON object (before/after values and the like). Never a password, token or key.
    package var details: String

    package init(
        id: Int64? = nil, time: String, actor: String, action: String, target: String = "", outcome: Outcome = .success,
        ip: String = "", requestID: String = "", details: String = "{}"
    ) {
        self.id = id
        self.time = time
        self.actor = actor
        self.action = action
        self.target = target
        self.outcome = outcome
        self.ip = ip
        self.requestID = requestID
        self.details = details
    }
}
