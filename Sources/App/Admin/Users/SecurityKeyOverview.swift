import Domain
import JSON
import SQLite
import Storage
import TemplateEngine

/// What the admin's user page shows of a user's security keys: each key with its counter and last use, and the
/// recent sign-ins refused because a key's counter went backwards (a sign the key was copied).
struct SecurityKeyOverview {
    /// How many counter anomalies the page lists, newest first.
    static let anomalyLimit = 5

    var keys: [WebAuthnCredential]
    var anomalies: [AuditEvent]

    init(userID: String, database: Database) throws {
        (keys, anomalies) = try database.read { db in
            (
                try WebAuthnStore(db).credentials(userID: userID),
                try AuditStore(db).list(AuditStore.Filter(action: "mfa.webauthn.counter", target: userID), limit: Self.anomalyLimit).items
            )
        }
    }

    var templateValues: TemplateObject {
        let keyRows: [TemplateValue] = keys.map { key in
            let row: TemplateObject = [
                "name": key.name, "kind": key.kind, "added": DurationText.moment(key.createdAt),
                "lastUsed": key.lastUsedAt.map(DurationText.moment) ?? "never", "signCount": String(key.signCount),
            ]
            return row.templateValue
        }
        let anomalyRows: [TemplateValue] = anomalies.map { event in
            let details = Self.details(event)
            let row: TemplateObject = [
                "time": event.time, "name": details["name"] ?? "", "stored": details["stored_count"] ?? "",
                "received": details["received_count"] ?? "", "address": event.ip,
            ]
            return row.templateValue
        }
        return [
            "securityKeys": keyRows, "securityKeyCount": keys.count, "hasSecurityKeys": !keys.isEmpty, "counterAnomalies": anomalyRows,
            "hasCounterAnomalies": !anomalyRows.isEmpty,
        ]
    }

    /// The event's details as text, numbers written as whole numbers.
    private static func details(_ event: AuditEvent) -> [String: String] {
        guard case .object(let members) = try? JSONNode.parse(Array(event.details.utf8)) else { return [:] }
        return members.compactMapValues { value in
            switch value {
            case .string(let text): text
            case .number(let number): String(Int64(number))
            default: nil
            }
        }
    }
}
