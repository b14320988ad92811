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
