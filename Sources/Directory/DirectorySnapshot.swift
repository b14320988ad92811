import Domain
import JSON
import SQLite
import Storage

/// The directory as the database holds it: in the file's terms for export and comparison, and by natural key
/// for the ids the planner needs.
struct DirectorySnapshot {
    /// Every section present, sorted as `portico export` prints it; settings show their effective values.
    var file: DirectoryFile
    /// Every setting, unset ones at their defaults.
    var settings: PortalSettings
    /// By normalized email.
    var users: [String: User]
    var groups: [String: Group]
    var accountIDs: Set<String>
    var permissionSets: [String: PermissionSet]
    /// By name.
    var identityProviders: [String: IdentityProvider]

    static func load(_ db: Connection) throws -> DirectorySnapshot {
        let everything = Int(Int32.max)
        let users = try UserStore(db).list(ListQuery(sort: .email, limit: everything)).items
        let groupStore = GroupStore(db)
        let groups = try groupStore.list(ListQuery(sort: .name, limit: everything)).items.map(\.group)
        let accounts = try AccountStore(db).list(ListQuery(sort: .id, limit: everything)).items
        let sets = try PermissionSetStore(db).list(ListQuery(sort: .name, limit: everything)).items
        let assignments = try AssignmentStore(db).list(limit: everything).items
        let providers = try IdentityProviderStore(db).list()

        let emails = Dictionary(uniqueKeysWithValues: users.map { ($0.id, $0.email) })
        let groupNames = Dictionary(uniqueKeysWithValues: groups.map { ($0.id, $0.name) })
        let setNames = Dictionary(uniqueKeysWithValues: sets.map { ($0.id, $0.name) })
        func sortedEmails(_ ids: [String]) -> [String] {
            ids.compactMap { emails[$0] }.sorted { EmailAddress.normalized($0) < EmailAddress.normalized($1) }
        }

        let settings = try SettingsStore(db).all()
        var file = DirectoryFile(settings: DirectoryFile.Settings(settings))
        file.users = users.sorted { EmailAddress.normalized($0.email) < EmailAddress.normalized($1.email) }.map { user in
            var entry = DirectoryFile.UserEntry(email: user.email, displayName: user.displayName)
            entry.givenName = user.givenName
            entry.familyName = user.familyName
            entry.isAdmin = user.isAdmin
            entry.isDisabled = !user.isActive
            entry.source = user.source
            entry.attributes = user.attributes
            return entry
        }
        file.groups = try groups.sorted { $0.name < $1.name }.map { group in
            var entry = DirectoryFile.GroupEntry(name: group.name)
            entry.description = group.description
            entry.source = group.source
            entry.mfa = group.mfaRule
            entry.members = sortedEmails(try groupStore.memberIDs(groupID: group.id))
            return entry
        }
        file.accounts = accounts.sorted { $0.id < $1.id }.map { account in
            var entry = DirectoryFile.AccountEntry(id: account.id, name: account.name, email: account.email)
            entry.ou = account.ouPath
            entry.environment = account.environment
            entry.owners = sortedEmails(account.owners)
            entry.via = account.reachedThrough
            return entry
        }
        file.permissionSets = sets.sorted { $0.name < $1.name }.map { set in
            var entry = DirectoryFile.PermissionSetEntry(name: set.name)
            entry.description = set.description
            entry.sessionDuration = set.sessionDuration
            entry.relayState = set.relayState
            entry.managedPolicies = set.managedPolicyARNs
            // Stored as typed in the admin form; compared and exported in the file's canonical form.
            entry.inlinePolicy = set.inlinePolicy.map { text in (try? JSONNode.parse(Array(text.utf8)))?.text() ?? text }
            entry.tags = set.tags
            return entry
        }
        file.assignments = assignments.compactMap { assignment -> DirectoryFile.AssignmentEntry? in
            guard let setName = setNames[assignment.permissionSetID] else { return nil }
            let principal: DirectoryFile.PrincipalName
            switch assignment.principal {
            case .user(let id):
                guard let email = emails[id] else { return nil }
                principal = .user(email: email)
            case .group(let id):
                guard let name = groupNames[id] else { return nil }
                principal = .group(name: name)
            }
            return DirectoryFile.AssignmentEntry(account: assignment.accountID, permissionSet: setName, principal: principal)
        }.sorted { ($0.account, $0.permissionSet, $0.key) < ($1.account, $1.permissionSet, $1.key) }
        file.identityProviders = providers.sorted { $0.name < $1.name }.map(DirectoryFile.IdentityProviderEntry.init)
        file.ownerBounds = try OwnerBoundsStore(db).all().map { scope, bounds in
            DirectoryFile.OwnerBoundsEntry(bounds, scope: scope, setNames: setNames)
        }.sorted { $0.key < $1.key }

        return DirectorySnapshot(
            file: file, settings: settings,
            users: Dictionary(uniqueKeysWithValues: users.map { (EmailAddress.normalized($0.email), $0) }),
            groups: Dictionary(uniqueKeysWithValues: groups.map { ($0.name, $0) }),
            accountIDs: Set(accounts.map(\.id)),
            permissionSets: Dictionary(uniqueKeysWithValues: sets.map { ($0.name, $0) }),
            identityProviders: Dictionary(uniqueKeysWithValues: providers.map { ($0.name, $0) }))
    }
}
