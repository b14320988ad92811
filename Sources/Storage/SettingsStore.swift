import Domain
import SQLite

/// Typed, validated access to the `settings` table, one key per setting.
///
/// Values are written only through these setters, which refuse anything outside the rules with a
/// `FieldError` naming the setting. A stored value that does not read back (the file was edited by hand)
/// throws rather than falling back to a guess, because a guessed `mfa` mode could silently weaken sign-in.
package struct SettingsStore {
    /// The keys in the table; also the form field names the errors use.
    package typealias Key = PortalSettings.Key

    /// A stored setting that the current rules refuse.
    package struct InvalidStoredSetting: Error, Hashable, CustomStringConvertible {
        package let key: String
        package let reason: String

        package var description: String { "stored setting \(key) is invalid: \(reason)" }
    }

    private let db: Connection

    package init(_ db: Connection) {
        self.db = db
    }

    /// Every setting, unset ones at their defaults; throws when a stored one is refused by the rules.
    package func all() throws -> PortalSettings {
        try read(Key.allCases)
    }

    /// How long new portal sessions last.
    package func portalSessionDuration() throws -> ISODuration {
        try read([.portalSessionDuration]).portalSessionDuration
    }

    /// When sign-in asks for a second factor.
    package func mfaMode() throws -> MFAMode {
        try read([.mfa]).mfa
    }

    /// Every setting a console launch needs, read together; unset ones take `FederationSettings.defaults`.
    package func federation() throws -> FederationSettings {
        try read([.awsSignInURL, .allowedConsoleHosts, .samlProviderName, .roleNamePattern, .principalTagAttributes]).federation
    }

    /// How provisioned accounts are kept in sync; unset ones take `ProvisioningSettings.defaults`.
    package func provisioning() throws -> ProvisioningSettings {
        try read([.provisioningRoleName, .provisioningInterval, .notificationWebhookURL]).provisioning
    }

    /// What owners' changes read: `organisationDomains` and `notifyOwnerChanges`; other settings at their defaults.
    package func ownerSettings() throws -> PortalSettings {
        try read([.organisationDomains, .notifyOwnerChanges])
    }

    /// Writes `keys` of `settings`, each checked once more by the rules; other keys stay as stored.
    package func save(_ settings: PortalSettings, keys: [Key], now: Int) throws {
        for key in keys {
            try set(key, storedText: Self.storedText(key, of: settings), now: now)
        }
    }

    /// Sets the text-valued setting `key` through `PortalSettings`' rules, in its canonical spelling (`PT480M` is kept as `PT8H`).
    package func set(_ key: Key, text: String, now: Int) throws {
        precondition(!key.isList, "\(key.rawValue) is a list")
        try set(key, storedText: text, now: now)
    }

    /// Sets the list-valued setting `key` through `PortalSettings`' rules (hosts are kept lowercase).
    package func set(_ key: Key, list: [String], now: Int) throws {
        precondition(key.isList, "\(key.rawValue) is not a list")
        try set(key, storedText: try JSONColumn.encode(list), now: now)
    }

    package func setPortalSessionDuration(_ text: String, now: Int) throws { try set(.portalSessionDuration, text: text, now: now) }
    package func setMFAMode(_ text: String, now: Int) throws { try set(.mfa, text: text, now: now) }
    package func setMFAMode(_ mode: MFAMode, now: Int) throws { try set(.mfa, text: mode.rawValue, now: now) }
    package func setAWSSignInURL(_ text: String, now: Int) throws { try set(.awsSignInURL, text: text, now: now) }
    package func setAllowedConsoleHosts(_ hosts: [String], now: Int) throws { try set(.allowedConsoleHosts, list: hosts, now: now) }
    package func setSAMLProviderName(_ name: String, now: Int) throws { try set(.samlProviderName, text: name, now: now) }
    package func setRoleNamePattern(_ text: String, now: Int) throws { try set(.roleNamePattern, text: text, now: now) }
    package func setPrincipalTagAttributes(_ keys: [String], now: Int) throws { try set(.principalTagAttributes, list: keys, now: now) }

    /// Whether `key` has a stored value, rather than standing at its default.
    package func isStored(_ key: Key) throws -> Bool { try value(key) != nil }

    /// `keys` as stored, unset ones at their defaults; throws when the rules refuse a stored value.
    private func read(_ keys: [Key]) throws -> PortalSettings {
        var settings = PortalSettings.defaults
        for key in keys {
            guard let text = try value(key) else { continue }
            if let reason = Self.apply(key, storedText: text, to: &settings) {
                throw InvalidStoredSetting(key: key.rawValue, reason: reason)
            }
        }
        return settings
    }

    /// Stores `text` as `key` once the rules accept it, in the form the rules leave it in.
    private func set(_ key: Key, storedText text: String, now: Int) throws {
        var checked = PortalSettings.defaults
        if let reason = Self.apply(key, storedText: text, to: &checked) {
            throw ValidationErrors([FieldError(key.rawValue, reason)])
        }
        try setValue(Self.storedText(key, of: checked), for: key, now: now)
    }

    /// Sets `key` of `settings` from its stored text through the one set of rules, or returns why it cannot.
    private static func apply(_ key: Key, storedText text: String, to settings: inout PortalSettings) -> String? {
        guard key.isList else { return settings.set(key, text: text) }
        guard let list = try? JSONColumn.decode(text, as: [String].self) else { return "must be a JSON list of strings" }
        return settings.set(key, list: list)
    }

    /// `key`'s value as the table holds it: the text, or a list as a JSON array.
    private static func storedText(_ key: Key, of settings: PortalSettings) -> String {
        let value = settings.value(key)
        if case .string(let text) = value { return text }
        return value.text()
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
