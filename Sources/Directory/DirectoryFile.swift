import Domain
import JSON

/// The directory file of `portico apply` and `portico export` (SPEC §8), parsed and validated on its own.
///
/// Every section is optional: `nil` means the file leaves that kind alone, an array (even empty) means the
/// file is authoritative for it. Entries name each other by natural key (email, group name, account id,
/// permission set name), never by Portico's internal ids, so a file can be written by hand or generated.
/// Optional fields that are left out take their defaults, because a present item describes all of it.
package struct DirectoryFile: Hashable, Sendable {
    /// The largest file `portico apply` reads, in bytes (64 MiB): more than an export of 100,000 users
    /// needs (a user takes about 250 bytes), and `/dev/zero` or an endless pipe cannot fill memory before
    /// parsing starts.
    package static let maximumSize = 64 * 1024 * 1024

    /// Portal-wide settings; only the keys given are changed.
    package struct Settings: Hashable, Sendable {
        package var portalSessionDuration: ISODuration?
        package var mfa: MFAMode?
        package var awsSignInURL: HTTPSURL?
        /// Lowercase host names.
        package var allowedConsoleHosts: [String]?
        package var samlProviderName: String?
        package var roleNamePattern: RoleNamePattern?
        package var principalTagAttributes: [String]?
        package var provisioningRoleName: String?
        package var provisioningInterval: ISODuration?
        /// Empty for no webhook.
        package var notificationWebhookURL: String?
        package var organisationDomains: [String]?
        package var notifyOwnerChanges: Bool?

        package init(
            portalSessionDuration: ISODuration? = nil, mfa: MFAMode? = nil, awsSignInURL: HTTPSURL? = nil,
            allowedConsoleHosts: [String]? = nil, samlProviderName: String? = nil, roleNamePattern: RoleNamePattern? = nil,
            principalTagAttributes: [String]? = nil
        ) {
            self.portalSessionDuration = portalSessionDuration
            self.mfa = mfa
            self.awsSignInURL = awsSignInURL
            self.allowedConsoleHosts = allowedConsoleHosts
            self.samlProviderName = samlProviderName
            self.roleNamePattern = roleNamePattern
            self.principalTagAttributes = principalTagAttributes
        }

        /// The `keys` of `settings`; every setting by default, as `portico export` writes them.
        package init(_ settings: PortalSettings, keys: [PortalSettings.Key] = PortalSettings.Key.allCases) {
            let federation = settings.federation
            for key in keys {
                switch key {
                case .portalSessionDuration: portalSessionDuration = settings.portalSessionDuration
                case .mfa: mfa = settings.mfa
                case .awsSignInURL: awsSignInURL = federation.signInURL
                case .allowedConsoleHosts: allowedConsoleHosts = federation.allowedConsoleHosts
                case .samlProviderName: samlProviderName = federation.samlProviderName
                case .roleNamePattern: roleNamePattern = federation.roleNamePattern
                case .principalTagAttributes: principalTagAttributes = federation.principalTagAttributes
                case .provisioningRoleName: provisioningRoleName = settings.provisioning.roleName
                case .provisioningInterval: provisioningInterval = settings.provisioning.interval
                case .notificationWebhookURL: notificationWebhookURL = settings.provisioning.webhookURL ?? ""
                case .organisationDomains: organisationDomains = settings.organisationDomains
                case .notifyOwnerChanges: notifyOwnerChanges = settings.notifyOwnerChanges
                }
            }
        }

        /// The keys the file names, in key order.
        package var keys: [PortalSettings.Key] {
            let named: [(PortalSettings.Key, Bool)] = [
                (.portalSessionDuration, portalSessionDuration != nil), (.mfa, mfa != nil), (.awsSignInURL, awsSignInURL != nil),
                (.allowedConsoleHosts, allowedConsoleHosts != nil), (.samlProviderName, samlProviderName != nil),
                (.roleNamePattern, roleNamePattern != nil), (.principalTagAttributes, principalTagAttributes != nil),
                (.provisioningRoleName, provisioningRoleName != nil), (.provisioningInterval, provisioningInterval != nil),
                (.notificationWebhookURL, notificationWebhookURL != nil), (.organisationDomains, organisationDomains != nil),
                (.notifyOwnerChanges, notifyOwnerChanges != nil),
            ]
            return named.filter(\.1).map(\.0)
        }

        /// `base` with the settings the file names put in.
        package func applied(to base: PortalSettings) -> PortalSettings {
            var settings = base
            if let portalSessionDuration { settings.portalSessionDuration = portalSessionDuration }
            if let mfa { settings.mfa = mfa }
            if let awsSignInURL { settings.federation.signInURL = awsSignInURL }
            if let allowedConsoleHosts { settings.federation.allowedConsoleHosts = allowedConsoleHosts }
            if let samlProviderName { settings.federation.samlProviderName = samlProviderName }
            if let roleNamePattern { settings.federation.roleNamePattern = roleNamePattern }
            if let principalTagAttributes { settings.federation.principalTagAttributes = principalTagAttributes }
            if let provisioningRoleName { settings.provisioning.roleName = provisioningRoleName }
            if let provisioningInterval { settings.provisioning.interval = provisioningInterval }
            if let notificationWebhookURL {
                settings.provisioning.webhookURL = notificationWebhookURL.isEmpty ? nil : notificationWebhookURL
            }
            if let organisationDomains { settings.organisationDomains = organisationDomains }
            if let notifyOwnerChanges { settings.notifyOwnerChanges = notifyOwnerChanges }
            return settings
        }
    }

    package struct UserEntry: Hashable, Sendable {
        package var email: String
        package var displayName: String
        package var givenName: String = ""
        package var familyName: String = ""
        package var isAdmin = false
        package var isDisabled = false
        /// Set only when the user is created; never exported.
        package var password: String?
        /// `nil` keeps an existing user's source (`local` for a new one); export writes it only when not `local`.
        package var source: DirectorySource?
        package var attributes: [String: String] = [:]

        package init(email: String, displayName: String) {
            self.email = email
            self.displayName = displayName
        }

        package var key: String { EmailAddress.normalized(email) }
    }

    package struct GroupEntry: Hashable, Sendable {
        package var name: String
        package var description = ""
        package var source: DirectorySource?
        /// What the group asks of its members' second factor; `none` when the file leaves it out.
        package var mfa = MFARule.none
        /// Members' emails.
        package var members: [String] = []

        package init(name: String) { self.name = name }
    }

    package struct AccountEntry: Hashable, Sendable {
        package var id: String
        package var name: String
        package var email: String
        package var ou = "root"
        package var environment = ""
        /// Owners' emails.
        package var owners: [String] = []
        /// `via`: the jump account (by id) and role people switch from to reach this account; absent for an
        /// account people sign in to directly. Without `role`, the permission set's role in the jump account.
        package var via: JumpRoute?

        package init(id: String, name: String, email: String) {
            self.id = id
            self.name = name
            self.email = email
        }
    }

    package struct PermissionSetEntry: Hashable, Sendable {
        package var name: String
        package var description = ""
        package var sessionDuration = PermissionSet.defaultSessionDuration
        package var relayState: String?
        package var managedPolicies: [String] = []
        /// The policy object as compact JSON with sorted keys.
        package var inlinePolicy: String?
        package var tags: [String: String] = [:]

        package init(name: String) { self.name = name }
    }

    /// Who an assignment is for, by natural key.
    package enum PrincipalName: Hashable, Sendable {
        case user(email: String)
        case group(name: String)

        /// `user:alice@example.com` or `group:aws-admins`, as plan lines show it.
        package var label: String {
            switch self {
            case .user(let email): "user:\(email)"
            case .group(let name): "group:\(name)"
            }
        }
    }

    package struct AssignmentEntry: Hashable, Sendable {
        package var account: String
        package var permissionSet: String
        package var principal: PrincipalName

        package init(account: String, permissionSet: String, principal: PrincipalName) {
            self.account = account
            self.permissionSet = permissionSet
            self.principal = principal
        }

        /// The natural key: emails compare without case.
        package var key: String {
            switch principal {
            case .user(let email): "\(account) \(permissionSet) user:\(EmailAddress.normalized(email))"
            case .group(let name): "\(account) \(permissionSet) group:\(name)"
            }
        }
    }

    package var settings: Settings?
    package var users: [UserEntry]?
    package var groups: [GroupEntry]?
    package var accounts: [AccountEntry]?
    package var permissionSets: [PermissionSetEntry]?
    package var assignments: [AssignmentEntry]?
    package var identityProviders: [IdentityProviderEntry]?
    /// What accounts' owners may grant, per account and per OU path (issue 20).
    package var ownerBounds: [OwnerBoundsEntry]?

    package init(
        settings: Settings? = nil, users: [UserEntry]? = nil, groups: [GroupEntry]? = nil, accounts: [AccountEntry]? = nil,
        permissionSets: [PermissionSetEntry]? = nil, assignments: [AssignmentEntry]? = nil,
        identityProviders: [IdentityProviderEntry]? = nil, ownerBounds: [OwnerBoundsEntry]? = nil
    ) {
        self.settings = settings
        self.users = users
        self.groups = groups
        self.accounts = accounts
        self.permissionSets = permissionSets
        self.assignments = assignments
        self.identityProviders = identityProviders
        self.ownerBounds = ownerBounds
    }

    /// The file as JSON text: sorted keys, indented, passwords left out.
    package func text() -> String {
        var root: [String: JSONNode] = [:]
        if let settings { root["settings"] = .object(Dictionary(uniqueKeysWithValues: settings.fields)) }
        if let users { root["users"] = .array(users.map { .object(Dictionary(uniqueKeysWithValues: $0.fields)) }) }
        if let groups { root["groups"] = .array(groups.map { .object(Dictionary(uniqueKeysWithValues: $0.fields)) }) }
        if let accounts { root["accounts"] = .array(accounts.map { .object(Dictionary(uniqueKeysWithValues: $0.fields)) }) }
        if let permissionSets {
            root["permission_sets"] = .array(permissionSets.map { .object(Dictionary(uniqueKeysWithValues: $0.fields)) })
        }
        if let assignments { root["assignments"] = .array(assignments.map { .object(Dictionary(uniqueKeysWithValues: $0.fields)) }) }
        if let identityProviders {
            root["identity_providers"] = .array(identityProviders.map { .object(Dictionary(uniqueKeysWithValues: $0.fields)) })
        }
        if let ownerBounds { root["owner_bounds"] = .array(ownerBounds.map(\.auditNode)) }
        return JSONNode.object(root).text(pretty: true)
    }
}

// Each entry's fields in file order: the export writes them, and the plan compares them to show what changes.

extension DirectoryFile.Settings {
    var fields: [(String, JSONNode)] {
        let values = applied(to: .defaults)
        return keys.map { ($0.rawValue, values.value($0)) }
    }
}

extension DirectoryFile.UserEntry {
    /// Never the password.
    var fields: [(String, JSONNode)] {
        var fields: [(String, JSONNode)] = [
            ("email", .string(email)), ("display_name", .string(displayName)), ("given_name", .string(givenName)),
            ("family_name", .string(familyName)), ("admin", .bool(isAdmin)), ("disabled", .bool(isDisabled)),
        ]
        if let source, source != .local { fields.append(("source", .string(source.rawValue))) }
        fields.append(("attributes", .strings(attributes)))
        return fields
    }
}

extension DirectoryFile.GroupEntry {
    var fields: [(String, JSONNode)] {
        var fields: [(String, JSONNode)] = [("name", .string(name)), ("description", .string(description))]
        if let source, source != .local { fields.append(("source", .string(source.rawValue))) }
        if mfa != .none { fields.append(("mfa", .string(mfa.rawValue))) }
        fields.append(("members", .strings(members)))
        return fields
    }
}

extension DirectoryFile.AccountEntry {
    /// `via` only when the account has a route, `via.role` only when it names one.
    var fields: [(String, JSONNode)] {
        var fields: [(String, JSONNode)] = [
            ("id", .string(id)), ("name", .string(name)), ("email", .string(email)), ("ou", .string(ou)),
            ("environment", .string(environment)), ("owners", .strings(owners)),
        ]
        if let via {
            var route: [String: JSONNode] = ["account": .string(via.accountID)]
            if let role = via.roleName { route["role"] = .string(role) }
            fields.append(("via", .object(route)))
        }
        return fields
    }

    /// The fields with `via` as `via.account` and `via.role`, so a plan line says which part of a route changes.
    var comparedFields: [(String, JSONNode)] {
        var fields = self.fields.filter { $0.0 != "via" }
        if let via {
            fields.append(("via.account", .string(via.accountID)))
            if let role = via.roleName { fields.append(("via.role", .string(role))) }
        }
        return fields
    }
}

extension DirectoryFile.PermissionSetEntry {
    var fields: [(String, JSONNode)] {
        var fields: [(String, JSONNode)] = [
            ("name", .string(name)), ("description", .string(description)), ("session_duration", .string(sessionDuration.description)),
        ]
        if let relayState { fields.append(("relay_state", .string(relayState))) }
        fields.append(("managed_policies", .strings(managedPolicies)))
        if let inlinePolicy { fields.append(("inline_policy", (try? JSONNode.parse(Array(inlinePolicy.utf8))) ?? .string(inlinePolicy))) }
        fields.append(("tags", .strings(tags)))
        return fields
    }
}

extension DirectoryFile.AssignmentEntry {
    var fields: [(String, JSONNode)] {
        switch principal {
        case .user(let email): [("account", .string(account)), ("permission_set", .string(permissionSet)), ("user", .string(email))]
        case .group(let name): [("account", .string(account)), ("permission_set", .string(permissionSet)), ("group", .string(name))]
        }
    }
}
