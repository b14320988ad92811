import App
import Domain
import Foundation
import SQLite
import Storage
import TestSupport
import Testing

/// `/admin/settings`: admins see and change every portal-wide setting in one form; invalid input comes back
/// with reasons and typed values; only changed settings are written and audited; the changes take effect.
struct AdminSettingsPagesTests {
    /// The form's fields with the default settings, as a browser sends them (CRLF between lines), and `changes` put in.
    static func fields(_ changes: [String: String] = [:]) -> [(String, String)] {
        let defaults = [
            "portal_session_duration": "PT8H", "mfa": "off", "aws_signin_url": "https://signin.aws.amazon.com/saml",
            "allowed_console_hosts": "console.aws.amazon.com\r\nconsole.amazonaws-us-gov.com\r\nconsole.amazonaws.cn",
            "saml_provider_name": "Portico", "role_name_pattern": "{permission_set}", "principal_tag_attributes": "",
            "provisioning_role_name": "PorticoProvisioning", "provisioning_interval": "PT30M", "notification_webhook_url": "",
            "organisation_domains": "", "notify_owner_changes": "",
        ]
        return PortalSettings.Key.allCases.map { ($0.rawValue, changes[$0.rawValue] ?? defaults[$0.rawValue] ?? "") }
    }

    static let govCloud = [
        "portal_session_duration": " 1 day ", "mfa": "always", "aws_signin_url": "https://signin.amazonaws-us-gov.com/saml",
        "allowed_console_hosts": "Console.AmazonAWS-us-gov.com\r\n\r\nconsole.aws.amazon.com\r\n", "saml_provider_name": "PorticoGov",
        "role_name_pattern": "Portico-{permission_set}", "principal_tag_attributes": "department\r\ncost center",
        "provisioning_role_name": "PorticoGovProvisioning", "provisioning_interval": "pt15m",
        // Durations are typed in words or ISO-8601, any case.
        "notification_webhook_url": "https://hooks.example.com/services/T0/B0/x",
        "organisation_domains": "Example.com\r\nexample.org", "notify_owner_changes": "on",
    ]

    private func settings(_ app: PorticoApp) throws -> PortalSettings {
        try app.database.read { try SettingsStore($0).all() }
    }

    @Test func showsEverySettingWithItsCurrentValueAndHelp() throws {
        try withPortico { app, _ in
            try app.apply(DirectoryPages.directory)
            let root = try DirectoryPages.root(app)
            #expect(try root.get("/admin/users").text.contains(#"<a href="/admin/settings">Settings</a>"#))
            let page = try root.get("/admin/settings")
            #expect(page.status == 200)
            let html = page.text
            #expect(html.contains(#"<a href="/admin/settings" aria-current="page">Settings</a>"#))
            #expect(Browser.csrf(in: html) != nil)
            #expect(html.contains(#"name="portal_session_duration" type="text" value="8 hours""#))
            #expect(html.contains(#"name="provisioning_interval" type="text" value="30 minutes""#))
            #expect(html.contains(#"<option value="1 day">"#))
            #expect(html.contains(#"<input type="radio" name="mfa" value="off" aria-describedby="mfa-off-hint" checked>"#))
            #expect(html.contains(#"<input type="radio" name="mfa" value="always" aria-describedby="mfa-always-hint">"#))
            #expect(html.contains(#"name="aws_signin_url" type="url" value="https://signin.aws.amazon.com/saml""#))
            #expect(html.contains(">console.aws.amazon.com\nconsole.amazonaws-us-gov.com\nconsole.amazonaws.cn</textarea>"))
            #expect(html.contains(#"name="saml_provider_name" type="text" value="Portico""#))
            #expect(html.contains(#"name="role_name_pattern" type="text" value="{permission_set}""#))
            #expect(html.contains(#"name="principal_tag_attributes" rows="3""#))
            // The help beside each field.
            for help in [
                "A change applies to sessions created after it",
                "<code>https://signin.amazonaws-us-gov.com/saml</code> for AWS GovCloud (US)",
                "<code>https://signin.amazonaws.cn/saml</code> for the China regions", "One host name per line",
                "It must contain <code>{permission_set}</code> exactly once",
                "Changing it means re-running the AWS setup in each account", "<code>PrincipalTag:&lt;key&gt;</code> session tags",
                "a browser not seen for that user in the last 30 days",
                "Only users who set up a second factor are asked for it", "from 15 minutes to 90 days",
            ] {
                #expect(html.contains(help), "\(help)")
            }
        }
    }

    @Test func changesEverySettingInOneSaveThatTakesEffect() throws {
        try withPortico { app, _ in
            try app.apply(DirectoryPages.directory)
            let alice = try DirectoryPages.alice(app)
            let root = try DirectoryPages.root(app)
            let saved = try root.submit("/admin/settings", to: "/admin/settings", Self.fields(Self.govCloud))
            #expect(saved.status == 303)
            #expect(saved.header("Location") == "/admin/settings?done=saved")

            let stored = try settings(app)
            #expect(stored.portalSessionDuration == ISODuration("P1D"))
            #expect(stored.mfa == .always)
            #expect(stored.federation.signInURL.text == "https://signin.amazonaws-us-gov.com/saml")
            #expect(stored.federation.allowedConsoleHosts == ["console.amazonaws-us-gov.com", "console.aws.amazon.com"])
            #expect(stored.federation.samlProviderName == "PorticoGov")
            #expect(stored.federation.roleNamePattern.description == "Portico-{permission_set}")
            #expect(stored.federation.principalTagAttributes == ["department", "cost center"])
            #expect(stored.provisioning.roleName == "PorticoGovProvisioning")
            #expect(stored.provisioning.interval == ISODuration(seconds: 900))
            #expect(stored.provisioning.webhookURL == "https://hooks.example.com/services/T0/B0/x")
            #expect(stored.organisationDomains == ["example.com", "example.org"] && stored.notifyOwnerChanges)

            let events = try app.auditEvents("settings.update")
            #expect(events.count == 1)
            #expect(events.first?.target == "settings")
            let details = try DirectoryPages.details(try #require(events.first))
            let before = try #require(details["before"] as? [String: Any])
            let after = try #require(details["after"] as? [String: Any])
            #expect(Set(after.keys) == Set(PortalSettings.Key.allCases.map(\.rawValue)) && Set(before.keys) == Set(after.keys))
            #expect(before["mfa"] as? String == "off" && after["mfa"] as? String == "always")
            #expect(after["allowed_console_hosts"] as? [String] == ["console.amazonaws-us-gov.com", "console.aws.amazon.com"])
            #expect(after["principal_tag_attributes"] as? [String] == ["department", "cost center"])

            let page = try root.get("/admin/settings?done=saved")
            #expect(page.text.contains("The settings were saved."))
            #expect(
                page.text.contains(#"value="1 day""#) && page.text.contains(#"value="15 minutes""#)
                    && page.text.contains(#"value="always" aria-describedby="mfa-always-hint" checked>"#))
            #expect(page.text.contains(">console.amazonaws-us-gov.com\nconsole.aws.amazon.com</textarea>"))

            // The next console launch posts to GovCloud and names the new role and provider.
            let launch = try LaunchPage(
                try alice.get(ConsoleLaunchTests.launchPath(account: "111111111111", role: "Portico-ReadOnlyAccess")).text)
            #expect(launch.action == "https://signin.amazonaws-us-gov.com/saml")
            #expect(
                launch.assertion.attributes["Role"]
                    == "arn:aws:iam::111111111111:role/Portico-ReadOnlyAccess,arn:aws:iam::111111111111:saml-provider/PorticoGov")
            // The next sign-in needs a second factor.
            #expect(
                try Browser(port: app.server.port).signIn("alice@example.com", DirectoryPages.alicePassword).header("Location")
                    == "/mfa/enrol")
        }
    }

    @Test func auditsOnlyTheChangedKeysAndAnUnchangedSaveWritesNothing() throws {
        try withPortico { app, _ in
            try app.apply(DirectoryPages.directory)
            let root = try DirectoryPages.root(app)
            let changes = ["portal_session_duration": "PT2H", "role_name_pattern": "Portico-{permission_set}"]
            #expect(try root.submit("/admin/settings", to: "/admin/settings", Self.fields(changes)).status == 303)
            let events = try app.auditEvents("settings.update")
            #expect(events.count == 1)
            #expect(
                events.first?.details
                    == #"{"after":{"portal_session_duration":"PT2H","role_name_pattern":"Portico-{permission_set}"},"before":{"portal_session_duration":"PT8H","role_name_pattern":"{permission_set}"}}"#
            )
            let rows: [String] = try app.database.read { try $0.query("SELECT key FROM settings ORDER BY key").map { try $0["key"] } }
            // The MFA mode is stored as chosen (its default) without an event of its own: nothing changed.
            #expect(rows == ["mfa", "portal_session_duration", "role_name_pattern"])

            let again = try root.submit("/admin/settings", to: "/admin/settings", Self.fields(changes))
            #expect(again.status == 303)
            #expect(again.header("Location") == "/admin/settings?done=unchanged")
            #expect(try app.auditEvents("settings.update").count == 1)
            #expect(try root.get("/admin/settings?done=unchanged").text.contains("Nothing changed"))
            #expect(!(try root.get("/admin/settings?done=%3Cb%3E").text.contains("flash-success")))
        }
    }

    @Test func invalidValuesComeBackWithReasonsBesideTheFieldsAndTypedValuesKept() throws {
        try withPortico { app, _ in
            try app.apply(DirectoryPages.directory)
            let root = try DirectoryPages.root(app)
            let invalid = [
                "portal_session_duration": "PT10M", "mfa": "sometimes", "aws_signin_url": "http://signin.aws.amazon.com/saml",
                "allowed_console_hosts": "console.aws.amazon.com\r\nevil.example/x", "saml_provider_name": "<script>alert(1)</script>",
                "role_name_pattern": "Portico", "principal_tag_attributes": "team\r\nteam",
            ]
            let response = try root.submit("/admin/settings", to: "/admin/settings", Self.fields(invalid))
            #expect(response.status == 422)
            let html = response.text
            #expect(html.contains("Nothing was saved"))
            let reasons = [
                "portal-session-duration": "Portal session duration must be between 15 minutes and 90 days.",
                "mfa": "Multi-factor authentication must be off, always or new-device.",
                "aws-signin-url": "AWS sign-in URL must be a full address starting with https://.",
                "allowed-console-hosts":
                    "Allowed console hosts: evil.example/x is not a lowercase host name such as console.aws.amazon.com.",
                "saml-provider-name": "SAML provider name must be 1 to 128 letters, digits or ._-.",
                "role-name-pattern": "Role name pattern must contain {permission_set} exactly once.",
                "principal-tag-attributes": "Session tag attributes: team is listed twice.",
            ]
            for (id, reason) in reasons {
                #expect(html.contains("<p class=\"field-error\" id=\"\(id)-error\">\(reason)</p>"), "\(id)")
            }
            #expect(html.contains(#"id="portal_session_duration" name="portal_session_duration" type="text" value="PT10M""#))
            #expect(html.contains(#"value="http://signin.aws.amazon.com/saml""#))
            #expect(html.contains(">console.aws.amazon.com\nevil.example/x</textarea>"))
            #expect(html.contains(#"value="&lt;script&gt;alert(1)&lt;/script&gt;""#) && !html.contains("<script>alert"))
            #expect(html.contains(#"value="Portico""#) && html.contains(">team\nteam</textarea>"))
            #expect(!html.contains(#"name="mfa" value="off" aria-describedby="mfa-off-hint" checked"#))

            // One bad field keeps the good ones from being saved too.
            let mixed = try root.submit(
                "/admin/settings", to: "/admin/settings",
                Self.fields(["portal_session_duration": "PT1H", "role_name_pattern": "{permission_set}x{"]))
            #expect(mixed.status == 422)
            #expect(mixed.text.contains("Role name pattern may add only letters, digits and +=,.@_- around {permission_set}."))
            #expect(mixed.text.contains(#"value="PT1H""#))
            #expect(try settings(app) == PortalSettings.defaults)
            #expect(try app.auditEvents("settings.update").isEmpty)
        }
    }

    @Test func nonAdminsGet403AndFormsWithoutTheTokenChangeNothing() throws {
        try withPortico { app, _ in
            try app.apply(DirectoryPages.directory)
            let alice = try DirectoryPages.alice(app)
            #expect(try alice.get("/admin/settings").status == 403)
            let csrf = try DirectoryPages.csrf(alice)
            #expect(try alice.post("/admin/settings", [("csrf", csrf)] + Self.fields(Self.govCloud)).status == 403)

            let visitor = Browser(port: app.server.port)
            #expect(try visitor.get("/admin/settings").header("Location") == "/login?return_to=/admin/settings")
            #expect(try visitor.post("/admin/settings", Self.fields(Self.govCloud)).header("Location") == "/login")

            let root = try DirectoryPages.root(app)
            #expect(try root.post("/admin/settings", Self.fields(Self.govCloud)).status == 403)
            #expect(try root.post("/admin/settings", [("csrf", "forged")] + Self.fields(Self.govCloud)).status == 403)
            #expect(try settings(app) == PortalSettings.defaults)
            #expect(try app.database.read { try $0.scalar("SELECT count(*) FROM settings") as Int } == 0)
            #expect(
                try app.auditEvents("settings.update").isEmpty && app.auditEvents("settings.update", actor: "alice@example.com").isEmpty)
        }
    }

    @Test func aChangedSessionDurationAffectsOnlySessionsCreatedLater() throws {
        try withPortico { app, _ in
            try app.apply(DirectoryPages.directory)
            let first = try DirectoryPages.alice(app)
            let root = try DirectoryPages.root(app)
            let saved = try root.submit("/admin/settings", to: "/admin/settings", Self.fields(["portal_session_duration": "PT1H"]))
            #expect(saved.status == 303)
            let second = Browser(port: app.server.port)
            let response = try second.signIn("alice@example.com", DirectoryPages.alicePassword)
            #expect(Browser.setCookie("portico_session", in: response)?.contains("; Max-Age=3600; ") == true)
            let aliceID = try app.userID("alice@example.com")
            let lifetimes: [Int] = try app.database.read { db in
                try db.query("SELECT expires_at - created_at AS life FROM portal_sessions WHERE user_id = ? ORDER BY id", [aliceID]).map {
                    try $0["life"]
                }
            }
            #expect(lifetimes == [28_800, 3_600])
            #expect(try first.get("/me/sessions").status == 200)
            #expect(try second.get("/me/sessions").status == 200)
        }
    }
}
