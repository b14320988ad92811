import JSON

/// Every portal-wide setting (SPEC §2 "Setting"), typed and complete: what sign-in, new sessions and
/// console launches read, what `portico export` writes and what the admin settings page shows.
///
/// Each setting has one key, spelled the same in the `settings` table, the directory file's `settings`
/// section, the admin form's field names and audit events, and one set of rules (`set(_:text:)`,
/// `set(_:list:)`) shared by the file and the form, so a value accepted in one place is accepted in all.
package struct PortalSettings: Hashable, Sendable {
    /// The settings' keys, in the order files and forms list them.
    package enum Key: String, CaseIterable, Hashable, Sendable {
        case portalSessionDuration = "portal_session_duration"
        case mfa
        case awsSignInURL = "aws_signin_url"
        case allowedConsoleHosts = "allowed_console_hosts"
        case samlProviderName = "saml_provider_name"
        case roleNamePattern = "role_name_pattern"
        case principalTagAttributes = "principal_tag_attributes"
        case provisioningRoleName = "provisioning_role_name"
        case provisioningInterval = "provisioning_interval"
        case notificationWebhookURL = "notification_webhook_url"
        case organisationDomains = "organisation_domains"
        case notifyOwnerChanges = "notify_owner_changes"

        /// Whether the value is a list of strings (a JSON array in the file, one per line in the form).
        package var isList: Bool { self == .allowedConsoleHosts || self == .principalTagAttributes || self == .organisationDomains }
    }

    /// A portal session's length when no admin has chosen one (SPEC §5).
    package static let defaultPortalSessionDuration = ISODuration(seconds: 8 * 3_600)

    /// The settings when no admin has changed any.
    package static let defaults = PortalSettings(
        portalSessionDuration: defaultPortalSessionDuration, mfa: .default, federation: .defaults, provisioning: .defaults)

    /// How long portal sessions created from now on last; existing sessions keep their end.
    package var portalSessionDuration: ISODuration
    package var mfa: MFAMode
    package var federation: FederationSettings
    package var provisioning: ProvisioningSettings
    /// The email domains of the organisation's own people, lowercase: whom owners bounded to "users of the
    /// organisation" may assign (`OwnerBounds.isOfOrganisation`). Empty by default.
    package var organisationDomains: [String] = []
    /// Whether the notification webhook hears of every assignment an account's owner adds or removes.
    package var notifyOwnerChanges = false

    package init(
        portalSessionDuration: ISODuration, mfa: MFAMode, federation: FederationSettings, provisioning: ProvisioningSettings = .defaults
    ) {
        self.portalSessionDuration = portalSessionDuration
        self.mfa = mfa
        self.federation = federation
        self.provisioning = provisioning
    }

    /// `key`'s value as the directory file and audit events spell it: a string, or an array of strings.
    package func value(_ key: Key) -> JSONNode {
        switch key {
        case .portalSessionDuration: .string(portalSessionDuration.description)
        case .mfa: .string(mfa.rawValue)
        case .awsSignInURL: .string(federation.signInURL.text)
        case .allowedConsoleHosts: .strings(federation.allowedConsoleHosts)
        case .samlProviderName: .string(federation.samlProviderName)
        case .roleNamePattern: .string(federation.roleNamePattern.description)
        case .principalTagAttributes: .strings(federation.principalTagAttributes)
        case .provisioningRoleName: .string(provisioning.roleName)
        case .provisioningInterval: .string(provisioning.interval.description)
        case .notificationWebhookURL: .string(provisioning.webhookURL ?? "")
        case .organisationDomains: .strings(organisationDomains)
        case .notifyOwnerChanges: .string(notifyOwnerChanges ? "on" : "off")
        }
    }

    /// The keys whose values differ from `other`'s, in key order.
    package func changedKeys(from other: PortalSettings) -> [Key] {
        Key.allCases.filter { value($0) != other.value($0) }
    }

    // MARK: Rules

    /// Sets the text-valued setting `key` from `text`, or returns why it cannot be set (leaving it unchanged).
    package mutating func set(_ key: Key, text: String) -> String? {
        precondition(!key.isList, "\(key.rawValue) is a list")
        switch key {
        case .portalSessionDuration:
            if let problem = ISODuration.problem(text, in: ISODuration.portalSessionRange) { return problem }
            portalSessionDuration = ISODuration(typed: text)!
        case .mfa:
            guard let mode = MFAMode(rawValue: text) else { return "must be off, always or new-device" }
            mfa = mode
        case .awsSignInURL:
            if let problem = FederationSettings.signInURLProblem(text) { return problem }
            // Written out from its parts, so the host is lowercase and a bare host gets its `/`.
            federation.signInURL = try! HTTPSURL.parse(text)
        case .samlProviderName:
            if let problem = FederationSettings.samlProviderNameProblem(text) { return problem }
            federation.samlProviderName = text
        case .roleNamePattern:
            guard let pattern = RoleNamePattern(text) else { return RoleNamePattern.problem(text) ?? "is not a pattern" }
            federation.roleNamePattern = pattern
        case .provisioningRoleName:
            if let problem = ProvisioningSettings.roleNameProblem(text) { return problem }
            provisioning.roleName = text
        case .provisioningInterval:
            if let problem = ISODuration.problem(text, in: ProvisioningSettings.intervalRange) { return problem }
            provisioning.interval = ISODuration(typed: text)!
        case .notificationWebhookURL:
            if let problem = ProvisioningSettings.webhookURLProblem(text) { return problem }
            provisioning.webhookURL = text.isEmpty ? nil : text
        case .notifyOwnerChanges:
            guard text == "on" || text == "off" else { return "must be on or off" }
            notifyOwnerChanges = text == "on"
        case .allowedConsoleHosts, .principalTagAttributes, .organisationDomains:
            break
        }
        return nil
    }

    /// Sets the list-valued setting `key` from `list`, or returns why it cannot be set (leaving it unchanged).
    ///
    /// Host names are compared without case, so they are kept lowercase.
    package mutating func set(_ key: Key, list: [String]) -> String? {
        precondition(key.isList, "\(key.rawValue) is not a list")
        if key == .allowedConsoleHosts {
            let hosts = list.map { $0.lowercased() }
            if let problem = FederationSettings.allowedHostsProblem(hosts) { return problem }
            federation.allowedConsoleHosts = hosts
        } else if key == .organisationDomains {
            let domains = list.map { $0.lowercased() }
            if let problem = domains.lazy.compactMap(OwnerBounds.domainProblem).first { return problem }
            if Set(domains).count != domains.count { return "must not list a domain twice" }
            organisationDomains = domains
        } else {
            if let problem = FederationSettings.principalTagAttributesProblem(list) { return problem }
            federation.principalTagAttributes = list
        }
        return nil
    }
}
