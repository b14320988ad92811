import Crypto
import Domain
import JSON
import SAML

extension DirectoryFile {
    /// A file read as far as it goes: the entries that are valid, every problem found with its JSON path,
    /// and what the invalid parts name, so that references to them are not also reported as unknown.
    package struct Reading {
        /// Nil when the text is not JSON or not an object.
        package var file: DirectoryFile?
        package var errors: [DirectoryFileError]
        package var unresolved: UnresolvedNames
    }

    /// Names that a file's invalid entries give, and sections it has that could not be read at all: the
    /// planner cannot tell whether a reference to them would resolve, so it does not call them unknown.
    package struct UnresolvedNames: Sendable {
        /// Normalized emails.
        package var users: Set<String> = []
        package var groups: Set<String> = []
        package var accounts: Set<String> = []
        package var permissionSets: Set<String> = []
        /// Section names (`users`) present but not arrays.
        package var sections: Set<String> = []

        package static let none = UnresolvedNames()
    }

    /// Reads a directory file on its own (references to the database are checked by `DirectoryPlanner`),
    /// collecting every problem rather than stopping at the first.
    package static func read(_ bytes: [UInt8]) -> Reading {
        let root: JSONNode
        switch JSONSyntax.parse(bytes) {
        case .success(let node):
            root = node
        case .failure(let invalid):
            // Nothing of a file that is not JSON, or repeats a key, is read: with a repeated key it cannot be
            // known which value was meant, and a present section deletes what it does not name.
            let errors = invalid.problems.map { DirectoryFileError($0.path, $0.description) }
            return Reading(file: nil, errors: errors, unresolved: .none)
        }
        var parser = Parser()
        let file = parser.file(root)
        return Reading(file: file, errors: parser.errors, unresolved: parser.unresolved)
    }

    /// Parses and validates a directory file on its own, throwing every problem found with its JSON path.
    package static func parse(_ bytes: [UInt8]) throws(DirectoryFileError.Invalid) -> DirectoryFile {
        let reading = read(bytes)
        guard reading.errors.isEmpty, let file = reading.file else { throw DirectoryFileError.Invalid(reading.errors) }
        return file
    }
}

/// Walks the JSON tree, collecting every error instead of stopping at the first.
private struct Parser {
    /// An object being read, with its path.
    struct Fields {
        let members: [String: JSONNode]
        let path: String

        func path(_ key: String) -> String { DirectoryFileError.path(path, key) }

        /// The value under `key`; JSON `null` counts as absent.
        subscript(key: String) -> JSONNode? {
            guard let value = members[key], value != .null else { return nil }
            return value
        }
    }

    var errors: [DirectoryFileError] = []
    var unresolved = DirectoryFile.UnresolvedNames()
    /// The identity providers read so far, by what must not repeat among them: the path of the entry that
    /// named each key, entity id and email domain first.
    var identityProviderClaims: [String: String] = [:]

    mutating func fail(_ path: String, _ reason: String) { errors.append(DirectoryFileError(path, reason)) }

    mutating func file(_ root: JSONNode) -> DirectoryFile? {
        let sections = [
            "settings", "users", "groups", "accounts", "permission_sets", "assignments", "identity_providers", "owner_bounds",
        ]
        guard let fields = object(root, at: "$", keys: sections) else { return nil }
        var file = DirectoryFile()
        if let node = fields["settings"],
            let settings = object(node, at: fields.path("settings"), keys: PortalSettings.Key.allCases.map(\.rawValue))
        {
            file.settings = self.settings(settings)
        }
        file.users = section(fields, "users", keyPath: "email", key: \.key, entry: { $0.user($1) })
        file.groups = section(fields, "groups", keyPath: "name", key: \.name, entry: { $0.group($1) })
        file.accounts = section(fields, "accounts", keyPath: "id", key: \.id, entry: { $0.account($1) })
        // IAM role names ignore case, so names that differ only in case would name one role.
        file.permissionSets = section(
            fields, "permission_sets", keyPath: "name", key: { $0.name.lowercased() }, entry: { $0.permissionSet($1) })
        file.assignments = section(fields, "assignments", keyPath: nil, key: \.key, entry: { $0.assignment($1) })
        file.identityProviders = section(
            fields, "identity_providers", keyPath: "name", key: \.name, entry: { $0.identityProvider($1) })
        file.ownerBounds = section(fields, "owner_bounds", keyPath: nil, key: \.key, entry: { $0.ownerBounds($1) })
        return file
    }

    // MARK: Sections

    /// The section's entries, reporting an entry whose natural key repeats an earlier one.
    mutating func section<Entry>(
        _ fields: Fields, _ name: String, keyPath keyField: String?, key: (Entry) -> String,
        entry: (inout Parser, Fields) -> Entry?
    ) -> [Entry]? {
        guard let node = fields[name] else { return nil }
        let path = fields.path(name)
        guard case .array(let elements) = node else {
            fail(path, "must be an array")
            unresolved.sections.insert(name)
            return nil
        }
        var entries: [Entry] = []
        var seen: [String: Int] = [:]
        for (index, element) in elements.enumerated() {
            let itemPath = DirectoryFileError.path(path, index)
            guard let itemFields = object(element, at: itemPath, keys: Self.keys[name] ?? []) else { continue }
            guard let parsed = entry(&self, itemFields) else {
                noteUnresolved(section: name, itemFields)
                continue
            }
            if let first = seen[key(parsed)] {
                let errorPath = keyField.map { DirectoryFileError.path(itemPath, $0) } ?? itemPath
                fail(errorPath, "duplicates \(DirectoryFileError.path(path, first))")
            } else {
                seen[key(parsed)] = index
            }
            entries.append(parsed)
        }
        return entries
    }

    /// Remembers the name an invalid entry gives, when it gives one as text.
    mutating func noteUnresolved(section: String, _ fields: Fields) {
        func name(_ key: String) -> String? { if case .string(let text) = fields[key] { text } else { nil } }
        switch section {
        case "users": if let email = name("email") { unresolved.users.insert(EmailAddress.normalized(email)) }
        case "groups": if let group = name("name") { unresolved.groups.insert(group) }
        case "accounts": if let id = name("id") { unresolved.accounts.insert(id) }
        case "permission_sets": if let set = name("name") { unresolved.permissionSets.insert(set) }
        default: break
        }
    }

    static let keys: [String: [String]] = [
        "users": ["email", "display_name", "given_name", "family_name", "admin", "disabled", "password", "source", "attributes"],
        "groups": ["name", "description", "source", "mfa", "members"],
        "accounts": ["id", "name", "email", "ou", "environment", "owners", "via"],
        "permission_sets": ["name", "description", "session_duration", "relay_state", "managed_policies", "inline_policy", "tags"],
        "assignments": ["account", "permission_set", "user", "group"],
        "owner_bounds": ["account", "ou", "permission_sets", "groups", "users"],
        "identity_providers": [
            "name", "key", "metadata_xml", "entity_id", "sso_url", "certificates", "domains", "password_sign_in", "attributes",
            "idp_initiated", "create_users", "trust_idp_mfa", "encrypt_assertions",
        ],
    ]

    /// The settings the section names, each checked by `PortalSettings`' rules.
    mutating func settings(_ fields: Fields) -> DirectoryFile.Settings {
        var values = PortalSettings.defaults
        var named: [PortalSettings.Key] = []
        for key in PortalSettings.Key.allCases where fields[key.rawValue] != nil {
            let before = errors.count
            let problem: String?
            if key.isList {
                let list = strings(fields, key.rawValue)
                guard errors.count == before else { continue }
                problem = values.set(key, list: list)
            } else {
                guard let text = string(fields, key.rawValue) else { continue }
                problem = values.set(key, text: text)
            }
            if let problem {
                fail(fields.path(key.rawValue), problem)
            } else {
                named.append(key)
            }
        }
        return DirectoryFile.Settings(values, keys: named)
    }

    mutating func user(_ fields: Fields) -> DirectoryFile.UserEntry? {
        let before = errors.count
        let email = string(fields, "email", required: true)
        let displayName = string(fields, "display_name", required: true)
        var entry = DirectoryFile.UserEntry(email: email ?? "", displayName: displayName ?? "")
        entry.givenName = string(fields, "given_name") ?? ""
        entry.familyName = string(fields, "family_name") ?? ""
        entry.isAdmin = bool(fields, "admin") ?? false
        entry.isDisabled = bool(fields, "disabled") ?? false
        entry.source = source(fields)
        entry.attributes = stringMap(fields, "attributes")
        if let password = string(fields, "password") {
            let length = password.unicodeScalars.count
            if length < 8 || length > 1024 {
                fail(fields.path("password"), "must be 8 to 1024 characters")
            } else {
                entry.password = password
            }
        }
        // A provisioned user's sign-in name need not be an address, so an export of them applies again.
        let user = User(
            email: entry.email, displayName: entry.displayName, givenName: entry.givenName, familyName: entry.familyName,
            source: entry.source ?? .local, attributes: entry.attributes)
        return validated(entry, before, user.validate(), fields)
    }

    mutating func group(_ fields: Fields) -> DirectoryFile.GroupEntry? {
        let before = errors.count
        var entry = DirectoryFile.GroupEntry(name: string(fields, "name", required: true) ?? "")
        entry.description = string(fields, "description") ?? ""
        entry.source = source(fields)
        if let text = string(fields, "mfa") {
            if let rule = MFARule(rawValue: text) {
                entry.mfa = rule
            } else {
                fail(fields.path("mfa"), "must be none, required or phishing-resistant")
            }
        }
        entry.members = emails(fields, "members")
        return validated(entry, before, Group(name: entry.name, description: entry.description).validate(), fields)
    }

    mutating func account(_ fields: Fields) -> DirectoryFile.AccountEntry? {
        let before = errors.count
        let id = string(fields, "id", required: true)
        let name = string(fields, "name", required: true)
        let email = string(fields, "email", required: true)
        var entry = DirectoryFile.AccountEntry(id: id ?? "", name: name ?? "", email: email ?? "")
        entry.ou = string(fields, "ou") ?? "root"
        entry.environment = string(fields, "environment") ?? ""
        entry.owners = emails(fields, "owners")
        if let node = fields["via"], let via = object(node, at: fields.path("via"), keys: ["account", "role"]) {
            let account = string(via, "account", required: true)
            let role = string(via, "role")
            if let account { entry.via = JumpRoute(accountID: account, roleName: role) }
        }
        let account = Account(
            id: entry.id, name: entry.name, email: entry.email, ouPath: entry.ou, environment: entry.environment,
            reachedThrough: entry.via)
        return validated(entry, before, account.validate(), fields)
    }

    /// Bounds for exactly one of an account (`account`) or an OU path (`ou`); `groups` defaults to true and
    /// `users` to `all`, as without bounds, but `permission_sets` is required: leaving it out must not mean "every one".
    mutating func ownerBounds(_ fields: Fields) -> DirectoryFile.OwnerBoundsEntry? {
        let before = errors.count
        let account = string(fields, "account")
        let ou = string(fields, "ou")
        var scope = OwnerBounds.Scope.ou("root")
        switch (account, ou) {
        case (let id?, nil):
            if !Account.isAccountID(id) { fail(fields.path("account"), "must be exactly 12 digits") }
            scope = .account(id)
        case (nil, let path?):
            if let reason = OwnerBounds.ouPathProblem(path) { fail(fields.path("ou"), reason) }
            scope = .ou(path)
        case (.some, .some):
            fail(fields.path("ou"), "must not be given with account: bounds are for one account or one OU path")
        case (nil, nil):
            if errors.count == before { fail(fields.path("account"), "or ou is required") }
        }
        var entry = DirectoryFile.OwnerBoundsEntry(scope: scope)
        if fields["permission_sets"] == nil { fail(fields.path("permission_sets"), "is required") }
        entry.permissionSets = strings(fields, "permission_sets")
        for (index, name) in entry.permissionSets.enumerated() where entry.permissionSets[..<index].contains(name) {
            fail(DirectoryFileError.path(fields.path("permission_sets"), index), "lists \(name) twice")
        }
        entry.groups = bool(fields, "groups") ?? true
        if let users = string(fields, "users") {
            if let value = OwnerBounds.Users(rawValue: users) {
                entry.users = value
            } else {
                fail(fields.path("users"), "must be all, organisation or none")
            }
        }
        return errors.count == before ? entry : nil
    }

    mutating func permissionSet(_ fields: Fields) -> DirectoryFile.PermissionSetEntry? {
        let before = errors.count
        var entry = DirectoryFile.PermissionSetEntry(name: string(fields, "name", required: true) ?? "")
        entry.description = string(fields, "description") ?? ""
        if let text = string(fields, "session_duration") {
            if let problem = ISODuration.problem(text, in: ISODuration.permissionSetRange) {
                fail(fields.path("session_duration"), problem)
            } else if let duration = ISODuration(typed: text) {
                entry.sessionDuration = duration
            }
        }
        entry.relayState = string(fields, "relay_state")
        entry.managedPolicies = strings(fields, "managed_policies")
        if let policy = fields["inline_policy"] {
            if case .object = policy {
                entry.inlinePolicy = policy.text()
            } else {
                fail(fields.path("inline_policy"), "must be a JSON object")
            }
        }
        entry.tags = stringMap(fields, "tags")
        let set = PermissionSet(
            name: entry.name, description: entry.description, sessionDuration: entry.sessionDuration, relayState: entry.relayState,
            managedPolicyARNs: entry.managedPolicies, inlinePolicy: entry.inlinePolicy, tags: entry.tags)
        return validated(entry, before, set.validate(), fields)
    }

    mutating func assignment(_ fields: Fields) -> DirectoryFile.AssignmentEntry? {
        let before = errors.count
        let account = string(fields, "account", required: true)
        let permissionSet = string(fields, "permission_set", required: true)
        let user = string(fields, "user")
        let group = string(fields, "group")
        var principal: DirectoryFile.PrincipalName?
        switch (user, group) {
        case (let email?, nil): principal = .user(email: email)
        case (nil, let name?): principal = .group(name: name)
        default:
            if errors.count == before { fail(fields.path, "must name either a user or a group") }
        }
        guard errors.count == before, let account, let permissionSet, let principal else { return nil }
        return DirectoryFile.AssignmentEntry(account: account, permissionSet: permissionSet, principal: principal)
    }

    mutating func identityProvider(_ fields: Fields) -> DirectoryFile.IdentityProviderEntry? {
        let before = errors.count
        let name = string(fields, "name", required: true) ?? ""
        let key = string(fields, "key")
        var entry: DirectoryFile.IdentityProviderEntry
        // SPEC §8: the identity provider's federation metadata as a string, or (as `export` writes it) its
        // three values by hand.
        if let metadataXML = string(fields, "metadata_xml") {
            if fields["entity_id"] != nil || fields["sso_url"] != nil || fields["certificates"] != nil {
                fail(fields.path("metadata_xml"), "is given with entity_id, sso_url or certificates; give one or the other")
            }
            do {
                let metadata = try IdentityProviderMetadataReader.read(metadataXML)
                entry = DirectoryFile.IdentityProviderEntry(
                    name: name, key: key, entityID: metadata.entityID, singleSignOnURL: metadata.singleSignOnURL,
                    certificates: metadata.signingCertificates.map(\.pem))
            } catch {
                fail(fields.path("metadata_xml"), "\(error)")
                entry = DirectoryFile.IdentityProviderEntry(name: name, key: key, entityID: "", singleSignOnURL: "", certificates: [])
            }
        } else {
            entry = DirectoryFile.IdentityProviderEntry(
                name: name, key: key, entityID: string(fields, "entity_id", required: true) ?? "",
                singleSignOnURL: string(fields, "sso_url", required: true) ?? "", certificates: certificates(fields, "certificates"))
        }
        entry.emailDomains = strings(fields, "domains").map { $0.lowercased() }
        entry.allowsPasswordSignIn = bool(fields, "password_sign_in") ?? true
        entry.attributes = attributeMapping(fields, "attributes")
        entry.allowsIdPInitiatedSignIn = bool(fields, "idp_initiated") ?? false
        entry.createsUsers = bool(fields, "create_users") ?? false
        entry.trustsMFA = bool(fields, "trust_idp_mfa") ?? false
        entry.encryptsAssertions = bool(fields, "encrypt_assertions") ?? false
        // Only for the rules: whether a key left out is kept or derived is the planner's to say.
        let suggested = IdentityProvider.suggestedKey(forName: name)
        var problems = entry.provider(id: FieldRules.newIdentifier(), key: suggested.isEmpty ? "x" : suggested).validate()
        if key == nil { problems.removeAll { $0.field == "key" } }
        let valid = validated(entry, before, problems, fields)
        if let valid { claimUnique(valid, fields) }
        return valid
    }

    /// Reports a key, entity id or email domain that an earlier identity provider of the file has too: each
    /// names one provider, and a present section is the whole list of them.
    mutating func claimUnique(_ entry: DirectoryFile.IdentityProviderEntry, _ fields: Fields) {
        func claim(_ value: String, _ kind: String, at path: String, reason: (String) -> String) {
            if let first = identityProviderClaims[kind + " " + value] {
                fail(path, reason(first))
            } else {
                identityProviderClaims[kind + " " + value] = fields.path
            }
        }
        if let key = entry.key { claim(key, "key", at: fields.path("key")) { "is also the key of \($0)" } }
        claim(entry.entityID, "entity_id", at: fields.path("entity_id")) { "is also the entity_id of \($0)" }
        for (index, domain) in entry.emailDomains.enumerated() {
            claim(domain, "domain", at: DirectoryFileError.path(fields.path("domains"), index)) {
                "\(domain) is also served by \($0)"
            }
        }
    }

    /// An array of PEM certificates, each read and written again as `X509Certificate.pem` does.
    mutating func certificates(_ fields: Fields, _ key: String) -> [String] {
        let before = errors.count
        let texts = strings(fields, key)
        guard errors.count == before else { return texts }
        return texts.enumerated().map { index, text in
            let blocks = X509Certificate.pemBlocks(in: text)
            guard blocks.count == 1, let certificate = try? X509Certificate(pem: blocks[0]) else {
                fail(
                    DirectoryFileError.path(fields.path(key), index),
                    blocks.count > 1
                        ? "must hold one certificate, not \(blocks.count)" : "must be a PEM certificate (-----BEGIN CERTIFICATE-----)")
                return text
            }
            return certificate.pem
        }
    }

    /// The claim names of `attributes`; each one left out is Entra ID's, and `groups` is mapped only when named.
    mutating func attributeMapping(_ fields: Fields, _ key: String) -> IdentityProvider.AttributeMapping {
        var mapping = IdentityProvider.AttributeMapping.entra
        guard let node = fields[key] else { return mapping }
        guard let claims = object(node, at: fields.path(key), keys: ["email", "display_name", "given_name", "family_name", "groups"])
        else { return mapping }
        if let email = string(claims, "email") { mapping.email = email }
        if let displayName = string(claims, "display_name") { mapping.displayName = displayName }
        if let givenName = string(claims, "given_name") { mapping.givenName = givenName }
        if let familyName = string(claims, "family_name") { mapping.familyName = familyName }
        mapping.groups = string(claims, "groups")
        return mapping
    }

    /// `entry` when neither reading it (errors since `before`) nor the domain's rules found anything wrong.
    ///
    /// The rules run even after a wrong type, so one pass reports every problem; a field already reported
    /// (its default stood in for the wrong value) is not reported again.
    mutating func validated<Entry>(_ entry: Entry, _ before: Int, _ problems: [FieldError], _ fields: Fields) -> Entry? {
        let reported = Set(errors[before...].map(\.path))
        for problem in problems {
            let path = fieldPath(fields.path, problem.field)
            if !reported.contains(path) { fail(path, problem.reason) }
        }
        return errors.count == before ? entry : nil
    }

    /// The domain names nested fields `managed_policies[2]` and `tags.Team`; each part becomes a path step.
    func fieldPath(_ path: String, _ field: String) -> String {
        guard let dot = field.firstIndex(of: ".") else {
            if let bracket = field.firstIndex(of: "["), let index = Int(field[field.index(after: bracket)...].dropLast()) {
                return DirectoryFileError.path(DirectoryFileError.path(path, String(field[..<bracket])), index)
            }
            return DirectoryFileError.path(path, field)
        }
        let key = String(field[field.index(after: dot)...])
        return DirectoryFileError.path(DirectoryFileError.path(path, String(field[..<dot])), key)
    }

    // MARK: Values

    /// The object at `path`, reporting every key outside `keys`.
    mutating func object(_ node: JSONNode, at path: String, keys: [String]) -> Fields? {
        guard case .object(let members) = node else {
            fail(path, "must be an object")
            return nil
        }
        for key in members.keys.sorted() where !keys.contains(key) {
            fail(DirectoryFileError.path(path, key), "unknown field")
        }
        return Fields(members: members, path: path)
    }

    mutating func string(_ fields: Fields, _ key: String, required: Bool = false) -> String? {
        guard let node = fields[key] else {
            if required { fail(fields.path(key), "is required") }
            return nil
        }
        guard case .string(let text) = node else {
            fail(fields.path(key), "must be a string")
            return nil
        }
        return text
    }

    mutating func bool(_ fields: Fields, _ key: String) -> Bool? {
        guard let node = fields[key] else { return nil }
        guard case .bool(let value) = node else {
            fail(fields.path(key), "must be true or false")
            return nil
        }
        return value
    }

    mutating func source(_ fields: Fields) -> DirectorySource? {
        guard let text = string(fields, "source") else { return nil }
        guard let source = DirectorySource(rawValue: text) else {
            fail(fields.path("source"), "must be local, scim or saml")
            return nil
        }
        return source
    }

    mutating func strings(_ fields: Fields, _ key: String) -> [String] {
        guard let node = fields[key] else { return [] }
        guard case .array(let elements) = node else {
            fail(fields.path(key), "must be an array of strings")
            return []
        }
        var values: [String] = []
        for (index, element) in elements.enumerated() {
            guard case .string(let text) = element else {
                fail(DirectoryFileError.path(fields.path(key), index), "must be a string")
                continue
            }
            values.append(text)
        }
        return values
    }

    /// A list of email addresses, each named at most once whatever its case.
    mutating func emails(_ fields: Fields, _ key: String) -> [String] {
        let values = strings(fields, key)
        var seen: Set<String> = []
        for (index, email) in values.enumerated() where !seen.insert(EmailAddress.normalized(email)).inserted {
            fail(DirectoryFileError.path(fields.path(key), index), "lists \(email) twice")
        }
        return values
    }

    mutating func stringMap(_ fields: Fields, _ key: String) -> [String: String] {
        guard let node = fields[key] else { return [:] }
        guard case .object(let members) = node else {
            fail(fields.path(key), "must be an object of strings")
            return [:]
        }
        var values: [String: String] = [:]
        for name in members.keys.sorted() {
            guard case .string(let text)? = members[name] else {
                fail(DirectoryFileError.path(fields.path(key), name), "must be a string")
                continue
            }
            values[name] = text
        }
        return values
    }
}
