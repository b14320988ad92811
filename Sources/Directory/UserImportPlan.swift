import Crypto
import Domain
import JSON
import SQLite
import Storage

/// What importing a CSV file of users would do to the directory: users to create, users to update, group
/// memberships to add, and every problem that stops the import, each with its row and field.
///
/// Made inside a transaction from the file and the directory as it is; the preview shows it, and the
/// confirmation makes it again inside the write transaction and checks that its `fingerprint` is the one
/// the admin saw, so a change to the directory in between cannot make the import do something else.
///
/// An import only adds: it never removes a membership, disables or deletes anyone. An empty cell leaves an
/// existing user's value as it is. New users get no password; they sign in through a reset link.
package struct UserImportPlan {
    package enum Action: String {
        case create, update, unchanged
    }

    package struct Row {
        package let number: Int
        package let action: Action
        /// The user as they will be (with their id, new or existing).
        package let user: User
        /// The user before, for updates.
        package let before: User?
        /// Groups the user joins, by name, and their ids.
        package let joins: [(name: String, id: String)]
    }

    package private(set) var rows: [Row] = []
    package private(set) var problems: [UserImportFile.Problem]

    package var creates: Int { rows.count { $0.action == .create } }
    package var updates: Int { rows.count { $0.action == .update } }
    package var memberships: Int { rows.reduce(0) { $0 + $1.joins.count } }
    package var isEmpty: Bool { rows.allSatisfy { $0.action == .unchanged } }

    /// Plans `file` against the directory `db` holds.
    package init(_ file: UserImportFile, db: Connection) throws {
        problems = file.problems
        var firstRow: [String: Int] = [:]
        var groups: [String: Group?] = [:]
        for line in file.rows {
            var rowProblems: [UserImportFile.Problem] = []
            func fail(_ field: String, _ reason: String) { rowProblems.append(.init(row: line.number, field: field, reason: reason)) }

            if let reason = EmailAddress.problem(line.email) {
                fail("email", reason)
            } else if let first = firstRow[EmailAddress.normalized(line.email)] {
                fail("email", "repeats row \(first)")
            } else {
                firstRow[EmailAddress.normalized(line.email)] = line.number
            }
            var joins: [(name: String, id: String)] = []
            for name in line.groups {
                if groups[name] == nil { groups[name] = .some(try GroupStore(db).find(name: name)) }
                guard let group = groups[name] ?? nil else {
                    fail("groups", "no group is called \(DirectoryChange.shown(name))")
                    continue
                }
                guard group.source == .local else {
                    fail("groups", "\(DirectoryChange.shown(name)) comes from \(group.source.rawValue); change its members there")
                    continue
                }
                joins.append((name: name, id: group.id))
            }
            let existing = rowProblems.contains { $0.field == "email" } ? nil : try UserStore(db).find(email: line.email)
            var user = existing ?? User(email: line.email, displayName: line.displayName)
            if !line.displayName.isEmpty { user.displayName = line.displayName }
            if !line.givenName.isEmpty { user.givenName = line.givenName }
            if !line.familyName.isEmpty { user.familyName = line.familyName }
            if existing == nil && line.displayName.isEmpty { fail("display name", "must not be empty for a new user") }
            if let existing, existing.source != .local, existing != user {
                fail("email", "this user comes from \(existing.source.rawValue); change their names there")
            }
            // The domain's checks, except where this row already has a clearer reason for the same field.
            let explained = Set(rowProblems.map(\.field))
            for error in user.validate() {
                let field = error.field.replacing("_", with: " ")
                if !explained.contains(field) { fail(field, error.reason) }
            }
            if let existing {
                let present = Set(try GroupStore(db).groups(ofUser: existing.id).map(\.id))
                joins.removeAll { present.contains($0.id) }
            }
            problems += rowProblems
            guard rowProblems.isEmpty else { continue }
            let action: Action = existing == nil ? .create : (existing != user || !joins.isEmpty ? .update : .unchanged)
            rows.append(Row(number: line.number, action: action, user: user, before: existing, joins: joins))
        }
    }

    /// A digest of everything the import would write, to tell whether the plan confirmed is the plan shown.
    package var fingerprint: String {
        var text = ""
        for row in rows where row.action != .unchanged {
            let user = row.user
            let fields = [
                row.action.rawValue, String(row.number), row.before?.id ?? "", user.email, user.displayName, user.givenName,
                user.familyName,
            ]
            text += JSONNode.strings(fields + row.joins.map(\.id)).text() + "\n"
        }
        return SHA256.hexHash(Array(text.utf8))
    }

    /// Writes every row and its audit events with `audit`, inside the caller's transaction: the same events,
    /// with the same details, as the user and group pages write, each marked `"via": "csv_import"`.
    package func perform(
        _ db: Connection, audit: (_ action: String, _ target: String, _ details: [String: JSONNode]) throws -> Void
    ) throws {
        let via: [String: JSONNode] = ["via": .string("csv_import")]
        var joined: [String: (name: String, emails: [String], userIDs: [String])] = [:]
        var groupOrder: [String] = []
        for row in rows where row.action != .unchanged {
            switch row.action {
            case .create:
                try UserStore(db).create(row.user)
                try audit(
                    "user.create", row.user.id,
                    AuditSnapshot.change(before: nil, after: AuditSnapshot.user(row.user)).merging(via) { $1 })
            case .update where row.before != row.user:
                try UserStore(db).update(row.user)
                try audit(
                    "user.update", row.user.id,
                    AuditSnapshot.change(before: row.before.map(AuditSnapshot.user), after: AuditSnapshot.user(row.user))
                        .merging(via) { $1 })
            default:
                break
            }
            for group in row.joins {
                if joined[group.id] == nil {
                    groupOrder.append(group.id)
                    joined[group.id] = (name: group.name, emails: [], userIDs: [])
                }
                joined[group.id]?.emails.append(row.user.email)
                joined[group.id]?.userIDs.append(row.user.id)
            }
        }
        for groupID in groupOrder {
            guard let group = joined[groupID] else { continue }
            _ = try GroupStore(db).addMembers(groupID: groupID, userIDs: group.userIDs)
            try audit("group.members.add", groupID, ["group": .string(group.name), "added": .strings(group.emails)].merging(via) { $1 })
        }
    }
}
