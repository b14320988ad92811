/// Who an assignment is for: one user, or every member of one group.
package enum Principal: Hashable, Sendable {
    case user(String)
    case group(String)

    /// `user` or `group`, as stored and as the directory file spells the key.
    package var type: String {
        switch self {
        case .user: "user"
        case .group: "group"
        }
    }

    package var id: String {
        switch self {
        case .user(let id), .group(let id): id
        }
    }

    /// The principal of a stored type and id, or nil for an unknown type.
    package init?(type: String, id: String) {
        switch type {
        case "user": self = .user(id)
        case "group": self = .group(id)
        default: return nil
        }
    }
}
