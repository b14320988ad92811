import Domain
import JSON
import SQLite

/// One line of an apply plan: create, update or delete one item, and how to do it.
package struct DirectoryChange {
    package enum Action: String, Sendable {
        case create, update, delete
    }

    package enum Kind: String, Sendable {
        case setting, user, group, account
        case permissionSet = "permission_set"
        case assignment
        case identityProvider = "identity_provider"
        case ownerBounds = "owner_bounds"

        /// As plan lines spell it.
        package var label: String {
            switch self {
            case .permissionSet: "permission set"
            case .identityProvider: "identity provider"
            case .ownerBounds: "owner bounds"
            default: rawValue
            }
        }
    }

    package let action: Action
    package let kind: Kind
    /// The item's natural key as shown: `alice@example.com`, `111111111111 ReadOnlyAccess group:auditors`.
    package let key: String
    /// What an update changes, one entry per field: `session_duration PT1H → PT2H`.
    package let differences: [String]
    /// The item before and after, as the file spells it (never a password), for the audit event.
    let before: JSONNode?
    let after: JSONNode?
    let perform: (Connection, DirectoryPlan.Execution) throws -> Void

    /// The plan line: `update permission set AdministratorAccess: session_duration PT1H → PT2H`.
    package var description: String {
        let line = "\(action.rawValue) \(kind.label) \(key)"
        return differences.isEmpty ? line : line + ": " + differences.joined(separator: ", ")
    }

    /// The audit event's `details`: `{"after": …, "before": …}`.
    var auditDetails: String {
        var details: [String: JSONNode] = [:]
        if let before { details["before"] = before }
        if let after { details["after"] = after }
        return JSONNode.object(details).text()
    }

    // MARK: Showing values

    /// A name or value as a plan line shows it: bare when it is plain, JSON-quoted otherwise, so that spaces,
    /// quotes or line breaks in a hostile name cannot disguise the line. Long values are cut short.
    package static func shown(_ text: String) -> String {
        let plain =
            !text.isEmpty
            && text.unicodeScalars.allSatisfy { scalar in
                scalar.isASCII
                    && (scalar.properties.isAlphabetic || ("0"..."9").contains(scalar) || "._@:/+=,-*".unicodeScalars.contains(scalar))
            }
        let limit = 80
        let cut = text.unicodeScalars.count > limit ? String(String.UnicodeScalarView(text.unicodeScalars.prefix(limit))) + "…" : text
        return plain ? cut : JSONNode.string(cut).text()
    }

    /// How a field changes: `field` and then its `change`.
    static func difference(_ field: String, _ before: JSONNode?, _ after: JSONNode?) -> String {
        field + " " + change(before, after)
    }

    /// How a value changes: lists as what is added and removed, other values (and reordered lists) as `before → after`.
    static func change(_ before: JSONNode?, _ after: JSONNode?) -> String {
        if case .array(let old)? = before, case .array(let new)? = after {
            let added = new.filter { !old.contains($0) }.map { "+" + shown(value: $0) }
            let removed = old.filter { !new.contains($0) }.map { "-" + shown(value: $0) }
            if !(added + removed).isEmpty { return (added + removed).joined(separator: " ") }
        }
        return "\(before.map { shown(value: $0) } ?? "(none)") → \(after.map { shown(value: $0) } ?? "(none)")"
    }

    private static func shown(value: JSONNode) -> String {
        switch value {
        case .string(let text): shown(text)
        case .bool(let flag): flag ? "true" : "false"
        default: shown(value.text())
        }
    }

    /// The differences between two versions of an item's fields, in field order.
    static func differences(_ before: [(String, JSONNode)], _ after: [(String, JSONNode)]) -> [String] {
        let old = Dictionary(before, uniquingKeysWith: { first, _ in first })
        let new = Dictionary(after, uniquingKeysWith: { first, _ in first })
        var names = after.map(\.0)
        names += before.map(\.0).filter { !names.contains($0) }
        return names.compactMap { name in old[name] == new[name] ? nil : difference(name, old[name], new[name]) }
    }
}
