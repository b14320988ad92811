import Domain
import SQLite

/// Typed, validated access to the `settings` table, one key per setting.
///
/// Values are written only through these setters, which refuse anything outside the rules with a
/// `FieldError` naming the setting. A stored value that does not read back (the file was edited by hand)
/// throws rather than falling back to a guess, because a guessed `mfa` mode could silently weaken sign-in.
package struct SettingsStore {
    /// The keys in the table; also the form field names the errors use.
    package enum Key: String, CaseIterable, Sendable {
        case portalSessionDuration = "portal_session_duration"
        case mfa
        case awsSignInURL = "aws_signin_url"
        case allowedConsoleHosts = "allowed_console_hosts"
        case samlProviderName = "saml_provider_name"
        case roleNamePattern = "role_name_pattern"
        case principalTagAttributes = "principal_tag_attributes"
    }

    /// A stored setting that the current rules refuse.
    package struct InvalidStoredSetting: Error, Hashable, CustomStringConvertible {
        package let key: String
        package let reason: String

        package var description: String { "stored setting \(key) is invalid: \(reason)" }
    }

    /// A portal session's length when no admin has chosen one (SPEC §5).
    package static let defaultPortalSessionDuration = ISODuration(seconds: 8 * 3_600)

    private let db: Connection

    package init(_ db: Connection) {
        self.db = db
    }

    /// How long new portal sessions last.
    package func portalSessionDuration() throws -> ISODuration {
        guard let text = try value(.portalSessionDuration) else { return Self.defaultPortalSessionDuration }
        if let reason = ISODuration.problem(text, in: ISODuration.portalSessionRange) {
            throw InvalidStoredSetting(key: Key.portalSessionDuration.rawValue, reason: reason)
        }
        return ISODuration(text)!
    }

    /// Sets the duration of sessions created from now on; existing sessions keep the end they were given.
    ///
    /// Stores the canonical spelling, so `PT480M` reads back as `PT8H`.
    package func setPortalSessionDuration(_ text: String, now: Int) throws {
        if let reason = ISODuration.problem(text, in: ISODuration.portalSessionRange) {
            throw ValidationErrors([FieldError(Key.portalSessionDuration.rawValue, reason)])
        }
        try setValue(ISODuration(text)!.description, for: .portalSessionDuration, now: now)
    }

    /// When sign-in asks for a second factor.
    package func mfaMode() throws -> MFAMode {
        guard let text = try value(.mfa) else { return MFAMode.default }
        guard let mode = MFAMode(rawValue: text) else {
            throw InvalidStoredSetting(key: Key.mfa.rawValue, reason: Self.mfaModeReason)
        }
        return mode
    }

    /// Sets the MFA mode from a form's text, refusing anything but the known modes.
    package func setMFAMode(_ text: String, now: Int) throws {
        guard let mode = MFAMode(rawValue: text) else {
            throw ValidationErrors([FieldError(Key.mfa.rawValue, Self.mfaModeReason)])
        }
        try setMFAMode(mode, now: now)
    }

    package func setMFAMode(_ mode: MFAMode, now: Int) throws {
        try setValue(mode.rawValue, for: .mfa, now: now)
    }

    private static let mfaModeReason = "must be one of " + MFAMode.allCases.map(\.rawValue).joined(separator: ", ")

    // MARK: Console federation

    /// Every setting a console launch needs, read together; unset ones take `FederationSettings.defaults`.
    package func federation() throws -> FederationSettings {
        let defaults = FederationSettings.defaults
        return FederationSettings(
            signInURL: try stored(.awsSignInURL, problem: FederationSettings.signInURLProblem) { try? HTTPSURL.parse($0) }
                ?? defaults.signInURL,
            allowedConsoleHosts: try storedList(.allowedConsoleHosts, problem: FederationSettings.allowedHostsProblem)
                ?? defaults.allowedConsoleHosts,
            samlProviderName: try stored(.samlProviderName, problem: FederationSettings.samlProviderNameProblem) { $0 }
                ?? defaults.samlProviderName,
            roleNamePattern: try stored(.roleNamePattern, problem: RoleNamePattern.problem) { RoleNamePattern($0) }
                ?? defaults.roleNamePattern,
            principalTagAttributes: try storedList(.principalTagAttributes, problem: FederationSettings.principalTagAttributesProblem)
                ?? defaults.principalTagAttributes)
    }

    /// Sets the AWS sign-in URL the launch page posts to (GovCloud and China have their own).
    package func setAWSSignInURL(_ text: String, now: Int) throws {
        try check(.awsSignInURL, FederationSettings.signInURLProblem(text))
        try setValue(try HTTPSURL.parse(text).text, for: .awsSignInURL, now: now)
    }

    /// Sets the console hosts destinations may name; each also allows its subdomains. Stored lowercase.
    package func setAllowedConsoleHosts(_ hosts: [String], now: Int) throws {
        let hosts = hosts.map { $0.lowercased() }
        try check(.allowedConsoleHosts, FederationSettings.allowedHostsProblem(hosts))
        try setValue(try JSONColumn.encode(hosts), for: .allowedConsoleHosts, now: now)
    }

    /// Sets the IAM SAML provider name the `Role` attribute names in every account.
    package func setSAMLProviderName(_ name: String, now: Int) throws {
        try check(.samlProviderName, FederationSettings.samlProviderNameProblem(name))
        try setValue(name, for: .samlProviderName, now: now)
    }

    /// Sets how role names derive from permission set names, such as `Portico-{permission_set}`.
    package func setRoleNamePattern(_ text: String, now: Int) throws {
        try check(.roleNamePattern, RoleNamePattern.problem(text))
        try setValue(text, for: .roleNamePattern, now: now)
    }

    /// Sets which user attributes are sent as `PrincipalTag:<key>` session tags.
    package func setPrincipalTagAttributes(_ keys: [String], now: Int) throws {
        try check(.principalTagAttributes, FederationSettings.principalTagAttributesProblem(keys))
        try setValue(try JSONColumn.encode(keys), for: .principalTagAttributes, now: now)
    }

    private func check(_ key: Key, _ problem: String?) throws {
        if let problem { throw ValidationErrors([FieldError(key.rawValue, problem)]) }
    }

    /// The stored value of `key` made by `make`, nil when unset; throws when the rules refuse it.
    private func stored<Value>(_ key: Key, problem: (String) -> String?, make: (String) -> Value?) throws -> Value? {
        guard let text = try value(key) else { return nil }
        if let reason = problem(text) { throw InvalidStoredSetting(key: key.rawValue, reason: reason) }
        guard let made = make(text) else { throw InvalidStoredSetting(key: key.rawValue, reason: "cannot be read") }
        return made
    }

    /// The stored JSON list of strings for `key`, nil when unset; throws when it does not parse or the rules refuse it.
    private func storedList(_ key: Key, problem: ([String]) -> String?) throws -> [String]? {
        guard let text = try value(key) else { return nil }
        guard let list = try? JSONColumn.decode(text, as: [String].self) else {
            throw InvalidStoredSetting(key: key.rawValue, reason: "must be a JSON list of strings")
        }
        if let reason = problem(list) { throw InvalidStoredSetting(key: key.rawValue, reason: reason) }
        return list
    }

    private func value(_ key: Key) throws -> String? {
        try db.scalar("SELECT value FROM settings WHERE key = ?", [key.rawValue])
    }

    /// `updated_at` takes the audit log's form (UTC ISO-8601 with milliseconds), which the table already uses.
    private func setValue(_ value: String, for key: Key, now: Int) throws {
        try db.execute(
            """
            INSERT INTO settings (key, value, updated_at) VALUES (?1, ?2, strftime('%Y-%m-%dT%H:%M:%fZ', ?3, 'unixepoch'))
            ON CONFLICT (key) DO UPDATE SET value = excluded.value, updated_at = excluded.updated_at
            """,
            [key.rawValue, value, now])
    }
}
