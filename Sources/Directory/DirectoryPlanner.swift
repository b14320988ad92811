import Domain
import JSON
import SQLite
import Storage
import Time

/// Compares a parsed directory file with the database and lists the changes that make the database match it.
///
/// First it works out what will exist afterwards (present sections replace their kind, SCIM-provisioned users
/// and groups the file does not name stay), then checks every reference against that (members, owners,
/// assignments), so a file may create a user and assign it in one go. Ids of new items are chosen here, so
/// each change can be performed on its own, in order.
struct DirectoryPlanner {
    let file: DirectoryFile
    let current: DirectorySnapshot
    let unresolved: DirectoryFile.UnresolvedNames
    var errors: [DirectoryFileError] = []
    var changes: [DirectoryChange] = []
    var deletions: [DirectoryChange] = []

    /// Users afterwards, by normalized email: id and email as it will be stored.
    private var finalUsers: [String: (id: String, email: String)] = [:]
    private var finalGroups: [String: String] = [:]
    var finalAccounts: Set<String> = []
    var finalPermissionSets: [String: String] = [:]

    private init(file: DirectoryFile, current: DirectorySnapshot, unresolved: DirectoryFile.UnresolvedNames) {
        self.file = file
        self.current = current
        self.unresolved = unresolved
    }

    /// The plan, or every reference in the file that points at nothing.
    ///
    /// - Parameter unresolved: what the file's invalid parts name; references to it are not reported, since
    ///   the entry they point at is reported already.
    static func plan(
        _ file: DirectoryFile, current: DirectorySnapshot, unresolved: DirectoryFile.UnresolvedNames = .none
    ) throws(DirectoryFileError.Invalid) -> DirectoryPlan {
        var planner = DirectoryPlanner(file: file, current: current, unresolved: unresolved)
        planner.resolveFinalState()
        planner.checkReferences()
        planner.checkIdentityProviderKeys()
        planner.checkPermissionSetPolicies()
        planner.checkRelayStates()
        guard planner.errors.isEmpty else { throw DirectoryFileError.Invalid(planner.errors) }
        planner.planSettings()
        planner.planUsers()
        planner.planGroups()
        planner.planAccounts()
        planner.planPermissionSets()
        planner.planAssignments()
        planner.planIdentityProviders()
        planner.planOwnerBounds()
        // Deletes come last, dependants first, so nothing still refers to what goes.
        return DirectoryPlan(changes: planner.changes + planner.deletions.reversed())
    }

    // MARK: What exists afterwards

    private mutating func resolveFinalState() {
        for (key, user) in current.users where file.users == nil || user.source.isFromIdentityProvider {
            finalUsers[key] = (user.id, user.email)
        }
        for entry in file.users ?? [] {
            finalUsers[entry.key] = (current.users[entry.key]?.id ?? FieldRules.newIdentifier(), entry.email)
        }
        for (name, group) in current.groups where file.groups == nil || group.source.isFromIdentityProvider {
            finalGroups[name] = group.id
        }
        for entry in file.groups ?? [] { finalGroups[entry.name] = current.groups[entry.name]?.id ?? FieldRules.newIdentifier() }
        finalAccounts = file.accounts.map { Set($0.map(\.id)) } ?? current.accountIDs
        if let sets = file.permissionSets {
            for entry in sets { finalPermissionSets[entry.name] = current.permissionSets[entry.name]?.id ?? FieldRules.newIdentifier() }
        } else {
            finalPermissionSets = current.permissionSets.mapValues(\.id)
        }
    }

    private mutating func checkReferences() {
        func knowsUser(_ email: String) -> Bool {
            let key = EmailAddress.normalized(email)
            return finalUsers[key] != nil || unresolved.users.contains(key) || unresolved.sections.contains("users")
        }
        func checkEmails(_ emails: [String], at path: String) {
            for (index, email) in emails.enumerated() where !knowsUser(email) {
                errors.append(DirectoryFileError(DirectoryFileError.path(path, index), "unknown user \(email)"))
            }
        }
        for (index, group) in (file.groups ?? []).enumerated() {
            checkEmails(group.members, at: "$.groups[\(index)].members")
        }
        for (index, account) in (file.accounts ?? []).enumerated() {
            checkEmails(account.owners, at: "$.accounts[\(index)].owners")
        }
        checkRoutes()
        checkOwnerBounds()
        for (index, assignment) in (file.assignments ?? []).enumerated() {
            let path = "$.assignments[\(index)]"
            if !finalAccounts.contains(assignment.account), !unresolved.accounts.contains(assignment.account),
                !unresolved.sections.contains("accounts")
            {
                errors.append(DirectoryFileError(path, "unknown account \(assignment.account)"))
            }
            if finalPermissionSets[assignment.permissionSet] == nil, !unresolved.permissionSets.contains(assignment.permissionSet),
                !unresolved.sections.contains("permission_sets")
            {
                errors.append(DirectoryFileError(path, "unknown permission set \(assignment.permissionSet)"))
            }
            switch assignment.principal {
            case .user(let email) where !knowsUser(email):
                errors.append(DirectoryFileError(path, "unknown user \(email)"))
            case .group(let name)
            where finalGroups[name] == nil && !unresolved.groups.contains(name) && !unresolved.sections.contains("groups"):
                errors.append(DirectoryFileError(path, "unknown group \(name)"))
            default:
                break
            }
        }
    }

    /// Every route among the accounts the file lists: the jump account is listed (or was unreadable), is
    /// signed in to directly, and no account listed is reached through an account that is itself reached
    /// through one. A file without `accounts` changes no route, so there is nothing to check.
    private mutating func checkRoutes() {
        guard let entries = file.accounts else { return }
        let byID = Dictionary(entries.map { ($0.id, $0) }, uniquingKeysWith: { first, _ in first })
        var reachedThrough: [String: [String]] = [:]
        for entry in entries { if let via = entry.via { reachedThrough[via.accountID, default: []].append(entry.id) } }
        for (index, entry) in entries.enumerated() {
            guard let via = entry.via else { continue }
            let path = DirectoryFileError.path(DirectoryFileError.path("$.accounts[\(index)]", "via"), "account")
            guard byID[via.accountID] != nil else {
                if !unresolved.accounts.contains(via.accountID) && !unresolved.sections.contains("accounts") {
                    errors.append(DirectoryFileError(path, "unknown account \(via.accountID)"))
                }
                continue
            }
            let account = Account(id: entry.id, name: entry.name, email: entry.email, reachedThrough: via)
            let problems = JumpRoute.problems(
                of: account,
                find: { id in byID[id].map { Account(id: $0.id, name: $0.name, email: $0.email, reachedThrough: $0.via) } },
                reachedThrough: reachedThrough[entry.id] ?? [])
            errors += problems.map { DirectoryFileError(path, $0.reason) }
        }
    }

    /// IAM's rules for the policies of each permission set the file creates or changes: a managed policy ARN
    /// AWS does not have, an inline policy outside IAM's grammar. Policies the database already holds are not
    /// judged again, so a file exported before these checks applies as it did.
    private mutating func checkPermissionSetPolicies() {
        guard let entries = file.permissionSets else { return }
        let stored = Dictionary(uniqueKeysWithValues: (current.file.permissionSets ?? []).map { ($0.name, $0) })
        for (index, entry) in entries.enumerated() {
            let before = stored[entry.name].map {
                PermissionSet(name: $0.name, managedPolicyARNs: $0.managedPolicies, inlinePolicy: $0.inlinePolicy)
            }
            let set = PermissionSet(name: entry.name, managedPolicyARNs: entry.managedPolicies, inlinePolicy: entry.inlinePolicy)
            let path = "$.permission_sets[\(index)]"
            for problem in set.policyProblems(comparedTo: before) {
                if problem.field.hasPrefix("managed_policies["),
                    let arnIndex = Int(problem.field.dropFirst("managed_policies[".count).dropLast()),
                    arnIndex < entry.managedPolicies.count
                {
                    errors.append(
                        DirectoryFileError(
                            "\(path).\(problem.field)",
                            "permission set \(entry.name): \(entry.managedPolicies[arnIndex]) \(problem.reason)"))
                } else {
                    let location = problem.field.dropFirst("inline_policy".count).drop { $0 == "." }
                    let place = location.isEmpty ? "the inline policy" : "inline policy \(location)"
                    errors.append(
                        DirectoryFileError("\(path).\(problem.field)", "permission set \(entry.name): \(place) \(problem.reason)"))
                }
            }
        }
    }

    /// Each new or changed relay state must be a page a launch would open, on a console host allowed once the
    /// file is applied (its own `allowed_console_hosts` if it has them); one already stored is not judged again,
    /// so a file exported before this check applies as it did.
    private mutating func checkRelayStates() {
        guard let entries = file.permissionSets else { return }
        let allowedHosts = (file.settings?.applied(to: current.settings) ?? current.settings).federation.allowedConsoleHosts
        let stored = Dictionary(uniqueKeysWithValues: (current.file.permissionSets ?? []).map { ($0.name, $0) })
        for (index, entry) in entries.enumerated() {
            let before = stored[entry.name].map { PermissionSet(name: $0.name, relayState: $0.relayState) }
            let set = PermissionSet(name: entry.name, relayState: entry.relayState)
            guard let problem = set.relayStateProblem(allowedConsoleHosts: allowedHosts, comparedTo: before) else { continue }
            errors.append(
                DirectoryFileError(
                    "$.permission_sets[\(index)].\(problem.field)", "permission set \(entry.name): relay state \(problem.reason)"))
        }
    }

    /// Emails as they will be stored, in a stable order, so a file's spelling and order do not read as changes.
    private func canonical(_ emails: [String]) -> [String] {
        emails.compactMap { finalUsers[EmailAddress.normalized($0)]?.email }.sorted {
            EmailAddress.normalized($0) < EmailAddress.normalized($1)
        }
    }

    private func userIDs(_ emails: [String]) -> [String] {
        emails.compactMap { finalUsers[EmailAddress.normalized($0)]?.id }
    }

    // MARK: Changes

    /// One change per setting the file names with a value other than the current one.
    private mutating func planSettings() {
        guard let settings = file.settings else { return }
        let wanted = settings.applied(to: current.settings)
        for key in wanted.changedKeys(from: current.settings) {
            let before = current.settings.value(key), after = wanted.value(key)
            changes.append(
                DirectoryChange(
                    action: .update, kind: .setting, key: key.rawValue, differences: [DirectoryChange.change(before, after)],
                    before: .object([key.rawValue: before]), after: .object([key.rawValue: after]),
                    // The settings store checks the value once more.
                    perform: { db, execution in try SettingsStore(db).save(wanted, keys: [key], now: execution.now.seconds) }))
        }
    }

    private mutating func planUsers() {
        guard let entries = file.users else { return }
        let stored = Dictionary(uniqueKeysWithValues: (current.file.users ?? []).map { ($0.key, $0) })
        for var entry in entries {
            guard let id = finalUsers[entry.key]?.id else { continue }
            if let existing = current.users[entry.key], let old = stored[entry.key] {
                entry.source = entry.source ?? existing.source
                let differences = DirectoryChange.differences(old.fields, entry.fields)
                guard !differences.isEmpty else { continue }
                let wanted = entry
                changes.append(
                    DirectoryChange(
                        action: .update, kind: .user, key: DirectoryChange.shown(existing.email), differences: differences,
                        before: .object(Dictionary(uniqueKeysWithValues: old.fields)),
                        after: .object(Dictionary(uniqueKeysWithValues: wanted.fields)),
                        perform: { db, _ in try UserStore(db).update(Self.user(wanted, id: id, base: existing)) }))
            } else {
                let wanted = entry
                changes.append(
                    DirectoryChange(
                        action: .create, kind: .user, key: DirectoryChange.shown(entry.email), differences: [], before: nil,
                        after: .object(Dictionary(uniqueKeysWithValues: wanted.fields)),
                        perform: { db, execution in
                            try UserStore(db).create(Self.user(wanted, id: id, base: nil))
                            if let password = wanted.password { try execution.setPassword(db, id, password) }
                        }))
            }
        }
        for old in current.file.users ?? [] where finalUsers[old.key] == nil {
            guard let id = current.users[old.key]?.id else { continue }
            deletions.append(
                DirectoryChange(
                    action: .delete, kind: .user, key: DirectoryChange.shown(old.email), differences: [],
                    before: .object(Dictionary(uniqueKeysWithValues: old.fields)), after: nil,
                    perform: { db, _ in try UserStore(db).delete(id: id) }))
        }
    }

    private static func user(_ entry: DirectoryFile.UserEntry, id: String, base: User?) -> User {
        var user = base ?? User(id: id, email: entry.email, displayName: entry.displayName)
        user.email = entry.email
        user.displayName = entry.displayName
        user.givenName = entry.givenName
        user.familyName = entry.familyName
        user.isAdmin = entry.isAdmin
        user.status = entry.isDisabled ? .disabled : .active
        user.source = entry.source ?? base?.source ?? .local
        user.attributes = entry.attributes
        return user
    }

    private mutating func planGroups() {
        guard let entries = file.groups else { return }
        let stored = Dictionary(uniqueKeysWithValues: (current.file.groups ?? []).map { ($0.name, $0) })
        for var entry in entries {
            guard let id = finalGroups[entry.name] else { continue }
            entry.members = canonical(entry.members)
            let memberIDs = userIDs(entry.members)
            let key = DirectoryChange.shown(entry.name)
            if let existing = current.groups[entry.name], var old = stored[entry.name] {
                entry.source = entry.source ?? existing.source
                old.members = canonical(old.members)
                let differences = DirectoryChange.differences(old.fields, entry.fields)
                guard !differences.isEmpty else { continue }
                let wanted = entry
                changes.append(
                    DirectoryChange(
                        action: .update, kind: .group, key: key, differences: differences,
                        before: .object(Dictionary(uniqueKeysWithValues: old.fields)),
                        after: .object(Dictionary(uniqueKeysWithValues: wanted.fields)),
                        perform: { db, _ in
                            let store = GroupStore(db)
                            var group = existing
                            group.description = wanted.description
                            group.source = wanted.source ?? existing.source
                            try store.update(group)
                            try store.setMFARule(groupID: id, rule: wanted.mfa)
                            let present = try store.memberIDs(groupID: id)
                            _ = try store.removeMembers(groupID: id, userIDs: present.filter { !memberIDs.contains($0) })
                            _ = try store.addMembers(groupID: id, userIDs: memberIDs.filter { !present.contains($0) })
                        }))
            } else {
                let wanted = entry
                changes.append(
                    DirectoryChange(
                        action: .create, kind: .group, key: key, differences: [], before: nil,
                        after: .object(Dictionary(uniqueKeysWithValues: wanted.fields)),
                        perform: { db, _ in
                            let store = GroupStore(db)
                            try store.create(
                                Group(
                                    id: id, name: wanted.name, description: wanted.description, source: wanted.source ?? .local,
                                    mfaRule: wanted.mfa))
                            _ = try store.addMembers(groupID: id, userIDs: memberIDs)
                        }))
            }
        }
        for old in current.file.groups ?? [] where finalGroups[old.name] == nil {
            guard let id = current.groups[old.name]?.id else { continue }
            deletions.append(
                DirectoryChange(
                    action: .delete, kind: .group, key: DirectoryChange.shown(old.name), differences: [],
                    before: .object(Dictionary(uniqueKeysWithValues: old.fields)), after: nil,
                    perform: { db, _ in try GroupStore(db).delete(id: id) }))
        }
    }

    /// Accounts signed in to directly come first, so every jump account exists, without a route of its own,
    /// before an account is routed through it; deletions go last, routed accounts before their jump accounts.
    private mutating func planAccounts() {
        guard let entries = file.accounts else { return }
        let stored = Dictionary(uniqueKeysWithValues: (current.file.accounts ?? []).map { ($0.id, $0) })
        for var entry in entries.filter({ $0.via == nil }) + entries.filter({ $0.via != nil }) {
            entry.owners = canonical(entry.owners)
            let account = Account(
                id: entry.id, name: entry.name, email: entry.email, ouPath: entry.ou, environment: entry.environment,
                owners: userIDs(entry.owners), reachedThrough: entry.via)
            // An account that gains a route may still be the jump account of accounts this plan deletes at the
            // end or routes elsewhere later (checkRoutes saw to it that none keeps its route): they let go now.
            let release: (Connection) throws -> Void = { db in
                if account.reachedThrough != nil { try AccountStore(db).releaseAccounts(reachedThrough: account.id) }
            }
            if var old = stored[entry.id] {
                old.owners = canonical(old.owners)
                let differences = DirectoryChange.differences(old.comparedFields, entry.comparedFields)
                guard !differences.isEmpty else { continue }
                changes.append(
                    DirectoryChange(
                        action: .update, kind: .account, key: entry.id, differences: differences,
                        before: .object(Dictionary(uniqueKeysWithValues: old.fields)),
                        after: .object(Dictionary(uniqueKeysWithValues: entry.fields)),
                        perform: { db, _ in
                            try release(db)
                            try AccountStore(db).update(account)
                        }))
            } else {
                changes.append(
                    DirectoryChange(
                        action: .create, kind: .account, key: entry.id, differences: [], before: nil,
                        after: .object(Dictionary(uniqueKeysWithValues: entry.fields)),
                        perform: { db, _ in try AccountStore(db).create(account) }))
            }
        }
        let gone = (current.file.accounts ?? []).filter { !finalAccounts.contains($0.id) }
        for old in gone.filter({ $0.via == nil }) + gone.filter({ $0.via != nil }) {
            let id = old.id
            deletions.append(
                DirectoryChange(
                    action: .delete, kind: .account, key: id, differences: [],
                    before: .object(Dictionary(uniqueKeysWithValues: old.fields)), after: nil,
                    perform: { db, _ in try AccountStore(db).delete(id: id) }))
        }
    }

    private mutating func planPermissionSets() {
        guard let entries = file.permissionSets else { return }
        let stored = Dictionary(uniqueKeysWithValues: (current.file.permissionSets ?? []).map { ($0.name, $0) })
        for entry in entries {
            guard let id = finalPermissionSets[entry.name] else { continue }
            let set = PermissionSet(
                id: id, name: entry.name, description: entry.description, sessionDuration: entry.sessionDuration,
                relayState: entry.relayState, managedPolicyARNs: entry.managedPolicies, inlinePolicy: entry.inlinePolicy,
                tags: entry.tags)
            if let old = stored[entry.name] {
                let differences = DirectoryChange.differences(old.fields, entry.fields)
                guard !differences.isEmpty else { continue }
                changes.append(
                    DirectoryChange(
                        action: .update, kind: .permissionSet, key: entry.name, differences: differences,
                        before: .object(Dictionary(uniqueKeysWithValues: old.fields)),
                        after: .object(Dictionary(uniqueKeysWithValues: entry.fields)),
                        perform: { db, _ in try PermissionSetStore(db).update(set) }))
            } else {
                changes.append(
                    DirectoryChange(
                        action: .create, kind: .permissionSet, key: entry.name, differences: [], before: nil,
                        after: .object(Dictionary(uniqueKeysWithValues: entry.fields)),
                        perform: { db, _ in try PermissionSetStore(db).create(set) }))
            }
        }
        for old in current.file.permissionSets ?? [] where finalPermissionSets[old.name] == nil {
            guard let id = current.permissionSets[old.name]?.id else { continue }
            deletions.append(
                DirectoryChange(
                    action: .delete, kind: .permissionSet, key: old.name, differences: [],
                    before: .object(Dictionary(uniqueKeysWithValues: old.fields)), after: nil,
                    perform: { db, _ in try PermissionSetStore(db).delete(id: id) }))
        }
    }

    /// Assignments of anything deleted are deleted explicitly, so the plan says what else goes.
    private mutating func planAssignments() {
        let existing = current.file.assignments ?? []
        let existingKeys = Set(existing.map(\.key))
        let wanted = file.assignments ?? existing.filter(resolves)
        let wantedKeys = Set(wanted.map(\.key))
        // Deletes before creates, and all of them before the deletes of parents planned above.
        for entry in existing where !wantedKeys.contains(entry.key) {
            guard let assignment = resolvedCurrent(entry) else { continue }
            changes.append(
                DirectoryChange(
                    action: .delete, kind: .assignment, key: Self.key(entry), differences: [],
                    before: .object(Dictionary(uniqueKeysWithValues: entry.fields)), after: nil,
                    perform: { db, _ in try AssignmentStore(db).delete(assignment) }))
        }
        for entry in wanted where !existingKeys.contains(entry.key) {
            guard let assignment = resolved(entry) else { continue }
            changes.append(
                DirectoryChange(
                    action: .create, kind: .assignment, key: Self.key(entry), differences: [], before: nil,
                    after: .object(Dictionary(uniqueKeysWithValues: entry.fields)),
                    perform: { db, _ in try AssignmentStore(db).create(assignment) }))
        }
    }

    // MARK: Identity providers

    /// The key each identity provider of the file will have: the one it names, else the one it has, else
    /// the one its name suggests; nil when none can be had.
    private func finalKey(_ entry: DirectoryFile.IdentityProviderEntry) -> String? {
        if let key = entry.key { return key }
        if let existing = current.identityProviders[entry.name] { return existing.key }
        let suggested = IdentityProvider.suggestedKey(forName: entry.name)
        return suggested.isEmpty ? nil : suggested
    }

    /// Keys the file leaves out are kept or derived; those must not clash with each other or with named
    /// ones (named keys that clash were reported with the file's own errors).
    private mutating func checkIdentityProviderKeys() {
        var owners: [String: (path: String, named: Bool)] = [:]
        for (index, entry) in (file.identityProviders ?? []).enumerated() {
            let path = "$.identity_providers[\(index)]"
            guard let key = finalKey(entry) else {
                errors.append(DirectoryFileError(path + ".key", "is required: the name has no letter or digit to make one of"))
                continue
            }
            if let owner = owners[key] {
                if !(owner.named && entry.key != nil) {
                    let how =
                        entry.key != nil
                        ? "" : current.identityProviders[entry.name] != nil ? " (its present key)" : " (made from its name)"
                    errors.append(DirectoryFileError(path + ".key", "\(key)\(how) is also the key of \(owner.path)"))
                }
            } else {
                owners[key] = (path, entry.key != nil)
            }
        }
    }

    /// Deletes first, then updates, then creates: a provider renamed in the file is deleted and created again,
    /// and the new one may take over the old one's key, entity id and email domains.
    private mutating func planIdentityProviders() {
        guard let entries = file.identityProviders else { return }
        let stored = Dictionary(uniqueKeysWithValues: (current.file.identityProviders ?? []).map { ($0.name, $0) })
        let named = Set(entries.map(\.name))
        for old in current.file.identityProviders ?? [] where !named.contains(old.name) {
            guard let id = current.identityProviders[old.name]?.id else { continue }
            changes.append(
                DirectoryChange(
                    action: .delete, kind: .identityProvider, key: DirectoryChange.shown(old.name), differences: [],
                    before: .object(Dictionary(uniqueKeysWithValues: old.auditFields)), after: nil,
                    perform: { db, _ in try IdentityProviderStore(db).delete(id: id) }))
        }
        var creates: [DirectoryChange] = []
        for var entry in entries {
            guard let key = finalKey(entry) else { continue }
            entry.key = key
            let name = DirectoryChange.shown(entry.name)
            let after = JSONNode.object(Dictionary(uniqueKeysWithValues: entry.auditFields))
            if let existing = current.identityProviders[entry.name], let old = stored[entry.name] {
                let differences = DirectoryChange.differences(old.auditFields, entry.auditFields)
                guard !differences.isEmpty else { continue }
                let provider = entry.provider(id: existing.id, key: key)
                changes.append(
                    DirectoryChange(
                        action: .update, kind: .identityProvider, key: name, differences: differences,
                        before: .object(Dictionary(uniqueKeysWithValues: old.auditFields)), after: after,
                        perform: { db, _ in try IdentityProviderStore(db).update(provider) }))
            } else {
                let provider = entry.provider(id: FieldRules.newIdentifier(), key: key)
                creates.append(
                    DirectoryChange(
                        action: .create, kind: .identityProvider, key: name, differences: [], before: nil, after: after,
                        perform: { db, _ in try IdentityProviderStore(db).create(provider) }))
            }
        }
        changes += creates
    }

    private static func key(_ entry: DirectoryFile.AssignmentEntry) -> String {
        let principal: String
        switch entry.principal {
        case .user(let email): principal = "user:" + DirectoryChange.shown(email)
        case .group(let name): principal = "group:" + DirectoryChange.shown(name)
        }
        return "\(entry.account) \(entry.permissionSet) \(principal)"
    }

    /// Whether everything the assignment names exists afterwards.
    private func resolves(_ entry: DirectoryFile.AssignmentEntry) -> Bool { resolved(entry) != nil }

    private func resolved(_ entry: DirectoryFile.AssignmentEntry) -> Assignment? {
        guard finalAccounts.contains(entry.account), let setID = finalPermissionSets[entry.permissionSet] else { return nil }
        switch entry.principal {
        case .user(let email):
            guard let id = finalUsers[EmailAddress.normalized(email)]?.id else { return nil }
            return Assignment(principal: .user(id), accountID: entry.account, permissionSetID: setID)
        case .group(let name):
            guard let id = finalGroups[name] else { return nil }
            return Assignment(principal: .group(id), accountID: entry.account, permissionSetID: setID)
        }
    }

    /// An existing assignment with the ids it has now.
    private func resolvedCurrent(_ entry: DirectoryFile.AssignmentEntry) -> Assignment? {
        guard let setID = current.permissionSets[entry.permissionSet]?.id else { return nil }
        switch entry.principal {
        case .user(let email):
            guard let id = current.users[EmailAddress.normalized(email)]?.id else { return nil }
            return Assignment(principal: .user(id), accountID: entry.account, permissionSetID: setID)
        case .group(let name):
            guard let id = current.groups[name]?.id else { return nil }
            return Assignment(principal: .group(id), accountID: entry.account, permissionSetID: setID)
        }
    }
}
