import Domain
import SQLite
import Storage
import Testing

struct SettingsStoreTests {
    let db: TestDatabase
    let now = AuthenticationFixture.now

    init() throws {
        db = try TestDatabase()
    }

    @Test func defaultsToEightHoursAndMFAOff() throws {
        #expect(try db.read { try SettingsStore($0).portalSessionDuration() } == ISODuration("PT8H"))
        #expect(try db.read { try SettingsStore($0).mfaMode() } == .off)
    }

    @Test(arguments: ["PT15M", "PT8H", "P90D", "PT480M", "P1DT12H"])
    func storesDurationsWithinRangeCanonically(text: String) throws {
        try db.write { try SettingsStore($0).setPortalSessionDuration(text, now: now) }
        let stored = try db.read { try SettingsStore($0).portalSessionDuration() }
        #expect(stored == ISODuration(text))
        let raw: String = try db.read { try $0.scalar("SELECT value FROM settings WHERE key = 'portal_session_duration'") }
        #expect(raw == ISODuration(text)!.description)
    }

    @Test(arguments: [("8 hours", "PT8H"), ("1 h 30 min", "PT1H30M"), ("90 min", "PT1H30M"), ("pt8h", "PT8H"), ("2 days", "P2D")])
    func storesDurationsTypedInWordsAsISO8601(text: String, stored: String) throws {
        try db.write { try SettingsStore($0).setPortalSessionDuration(text, now: now) }
        let raw: String = try db.read { try $0.scalar("SELECT value FROM settings WHERE key = 'portal_session_duration'") }
        #expect(raw == stored)
    }

    @Test(arguments: [
        ("PT10M", "must be between 15 minutes and 90 days"), ("P91D", "must be between 15 minutes and 90 days"),
        ("PT14M59S", "must be between 15 minutes and 90 days"), ("14 min", "must be between 15 minutes and 90 days"),
        ("eight hours", "must be a duration such as 4 hours, 1 h 30 min or PT4H"),
        ("", "must be a duration such as 4 hours, 1 h 30 min or PT4H"),
        ("P1M", "must be a duration such as 4 hours, 1 h 30 min or PT4H"),
    ])
    func refusesDurationsOutsideTheRangeWithTheReason(text: String, reason: String) throws {
        try db.write { try SettingsStore($0).setPortalSessionDuration("PT1H", now: now) }
        #expect(throws: ValidationErrors([FieldError("portal_session_duration", reason)])) {
            try db.write { try SettingsStore($0).setPortalSessionDuration(text, now: now) }
        }
        #expect(try db.read { try SettingsStore($0).portalSessionDuration() } == ISODuration("PT1H"))
    }

    @Test func setsEachMFAModeAndRefusesOthers() throws {
        for mode in MFAMode.allCases {
            try db.write { try SettingsStore($0).setMFAMode(mode.rawValue, now: now) }
            #expect(try db.read { try SettingsStore($0).mfaMode() } == mode)
        }
        #expect(throws: ValidationErrors([FieldError("mfa", "must be off, always or new-device")])) {
            try db.write { try SettingsStore($0).setMFAMode("sometimes", now: now) }
        }
        #expect(try db.read { try SettingsStore($0).mfaMode() } == .newDevice)
    }

    @Test func recordsWhenASettingChanged() throws {
        try db.write { try SettingsStore($0).setMFAMode(.always, now: 1_800_000_000) }
        let updated: String = try db.read { try $0.scalar("SELECT updated_at FROM settings WHERE key = 'mfa'") }
        #expect(updated == "2027-01-15T08:00:00.000Z")
    }

    @Test func handEditedValuesAreReportedNotGuessed() throws {
        try db.write { db in
            try db.execute("INSERT INTO settings (key, value, updated_at) VALUES ('mfa', 'disabled', 'x')")
            try db.execute("INSERT INTO settings (key, value, updated_at) VALUES ('portal_session_duration', 'P365D', 'x')")
        }
        #expect(throws: SettingsStore.InvalidStoredSetting.self) { try db.read { try SettingsStore($0).mfaMode() } }
        #expect(throws: SettingsStore.InvalidStoredSetting.self) { try db.read { try SettingsStore($0).portalSessionDuration() } }
    }

    // MARK: Console federation

    @Test func federationSettingsDefaultWhenUnset() throws {
        #expect(try db.read { try SettingsStore($0).federation() } == FederationSettings.defaults)
    }

    @Test func storesEveryFederationSettingAndReadsItBack() throws {
        try db.write { db in
            let settings = SettingsStore(db)
            try settings.setAWSSignInURL("https://signin.amazonaws-us-gov.com/saml", now: now)
            try settings.setAllowedConsoleHosts(["Console.AmazonAWS-us-gov.com"], now: now)
            try settings.setSAMLProviderName("PorticoProd", now: now)
            try settings.setRoleNamePattern("Portico-{permission_set}", now: now)
            try settings.setPrincipalTagAttributes(["department", "cost-center"], now: now)
        }
        let federation = try db.read { try SettingsStore($0).federation() }
        #expect(federation.signInURL.text == "https://signin.amazonaws-us-gov.com/saml")
        #expect(federation.allowedConsoleHosts == ["console.amazonaws-us-gov.com"])
        #expect(federation.consoleHome == "https://console.amazonaws-us-gov.com/")
        #expect(federation.samlProviderName == "PorticoProd")
        #expect(federation.roleNamePattern.roleName(for: "ReadOnly") == "Portico-ReadOnly")
        #expect(federation.principalTagAttributes == ["department", "cost-center"])
        let raw: String = try db.read { try $0.scalar("SELECT value FROM settings WHERE key = 'allowed_console_hosts'") }
        #expect(raw == #"["console.amazonaws-us-gov.com"]"#)
    }

    @Test func refusesInvalidFederationSettingsNamingTheKey() throws {
        let cases: [(String, (SettingsStore) throws -> Void)] = [
            ("aws_signin_url", { try $0.setAWSSignInURL("http://signin.aws.amazon.com/saml", now: self.now) }),
            ("allowed_console_hosts", { try $0.setAllowedConsoleHosts([], now: self.now) }),
            ("allowed_console_hosts", { try $0.setAllowedConsoleHosts(["evil.com/x"], now: self.now) }),
            ("saml_provider_name", { try $0.setSAMLProviderName("has space", now: self.now) }),
            ("role_name_pattern", { try $0.setRoleNamePattern("Portico", now: self.now) }),
            ("principal_tag_attributes", { try $0.setPrincipalTagAttributes(["dup", "dup"], now: self.now) }),
        ]
        for (key, set) in cases {
            #expect {
                try db.write { try set(SettingsStore($0)) }
            } throws: { error in
                (error as? ValidationErrors)?.errors.map(\.field) == [key]
            }
        }
        #expect(try db.read { try SettingsStore($0).federation() } == FederationSettings.defaults)
    }

    @Test func readsEverySettingTogetherAndSavesOnlyTheNamedKeys() throws {
        #expect(try db.read { try SettingsStore($0).all() } == PortalSettings.defaults)
        var wanted = PortalSettings.defaults
        #expect(wanted.set(.mfa, text: "always") == nil)
        #expect(wanted.set(.roleNamePattern, text: "Portico-{permission_set}") == nil)
        #expect(wanted.set(.samlProviderName, text: "NotSaved") == nil)
        try db.write { try SettingsStore($0).save(wanted, keys: [.mfa, .roleNamePattern], now: now) }
        let stored = try db.read { try SettingsStore($0).all() }
        #expect(stored.mfa == .always)
        #expect(stored.federation.roleNamePattern.description == "Portico-{permission_set}")
        #expect(stored.federation.samlProviderName == "Portico")
        let keys: [String] = try db.read { try $0.query("SELECT key FROM settings ORDER BY key").map { try $0["key"] } }
        #expect(keys == ["mfa", "role_name_pattern"])
    }

    @Test func handEditedFederationSettingsAreReported() throws {
        for (key, value) in [
            ("aws_signin_url", "javascript:alert(1)"), ("allowed_console_hosts", "console.aws.amazon.com"),
            ("role_name_pattern", "x"), ("principal_tag_attributes", "[1]"),
        ] {
            try db.write { db in
                try db.execute("DELETE FROM settings")
                try db.execute("INSERT INTO settings (key, value, updated_at) VALUES (?, ?, 'x')", [key, value])
            }
            #expect(throws: SettingsStore.InvalidStoredSetting.self) { try db.read { try SettingsStore($0).federation() } }
        }
    }
}
