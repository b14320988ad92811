import Domain
import Testing

/// The rules every setting follows, whether it comes from the directory file or the admin form.
struct PortalSettingsTests {
    @Test func defaultsAreTheDocumentedValues() {
        let defaults = PortalSettings.defaults
        #expect(defaults.value(.portalSessionDuration) == .string("PT8H"))
        #expect(defaults.value(.mfa) == .string("off"))
        #expect(defaults.value(.awsSignInURL) == .string("https://signin.aws.amazon.com/saml"))
        #expect(
            defaults.value(.allowedConsoleHosts)
                == .strings(["console.aws.amazon.com", "console.amazonaws-us-gov.com", "console.amazonaws.cn"]))
        #expect(defaults.value(.samlProviderName) == .string("Portico"))
        #expect(defaults.value(.roleNamePattern) == .string("{permission_set}"))
        #expect(defaults.value(.principalTagAttributes) == .strings([]))
        #expect(defaults.value(.organisationDomains) == .strings([]) && defaults.value(.notifyOwnerChanges) == .string("off"))
        #expect(PortalSettings.Key.allCases.filter(\.isList) == [.allowedConsoleHosts, .principalTagAttributes, .organisationDomains])
    }

    @Test func setsEveryKeyInItsCanonicalForm() {
        var settings = PortalSettings.defaults
        #expect(settings.set(.portalSessionDuration, text: "PT90M") == nil)
        #expect(settings.set(.mfa, text: "new-device") == nil)
        #expect(settings.set(.awsSignInURL, text: "https://Signin.AmazonAWS-us-gov.com/saml") == nil)
        #expect(settings.set(.allowedConsoleHosts, list: ["Console.AmazonAWS-us-gov.com"]) == nil)
        #expect(settings.set(.samlProviderName, text: "PorticoGov") == nil)
        #expect(settings.set(.roleNamePattern, text: "Portico-{permission_set}") == nil)
        #expect(settings.set(.principalTagAttributes, list: ["department", "cost center"]) == nil)
        #expect(settings.set(.provisioningRoleName, text: "PorticoGovProvisioning") == nil)
        #expect(settings.set(.provisioningInterval, text: "PT15M") == nil)
        #expect(settings.set(.notificationWebhookURL, text: "https://hooks.example.com/services/T0") == nil)
        #expect(settings.provisioning.webhookURL == "https://hooks.example.com/services/T0")
        #expect(settings.set(.notificationWebhookURL, text: "http://hooks.example.com/x") != nil, "plain http only to loopback")
        #expect(settings.set(.notificationWebhookURL, text: "http://127.0.0.1:9000/hook") == nil)
        #expect(settings.set(.organisationDomains, list: ["Example.COM"]) == nil)
        #expect(settings.set(.notifyOwnerChanges, text: "on") == nil)
        #expect(settings.portalSessionDuration == ISODuration(seconds: 5_400))
        #expect(settings.value(.portalSessionDuration) == .string("PT1H30M"))
        #expect(settings.mfa == .newDevice)
        #expect(settings.value(.awsSignInURL) == .string("https://signin.amazonaws-us-gov.com/saml"))
        #expect(settings.federation.allowedConsoleHosts == ["console.amazonaws-us-gov.com"])
        #expect(settings.federation.roleNamePattern.roleName(for: "ReadOnly") == "Portico-ReadOnly")
        #expect(settings.organisationDomains == ["example.com"] && settings.notifyOwnerChanges)
        #expect(settings.changedKeys(from: .defaults) == PortalSettings.Key.allCases)
        #expect(PortalSettings.defaults.changedKeys(from: .defaults).isEmpty)
    }

    @Test(arguments: [
        (PortalSettings.Key.portalSessionDuration, "PT10M", "must be between 15 minutes and 90 days"),
        (.portalSessionDuration, "10 min", "must be between 15 minutes and 90 days"),
        (.portalSessionDuration, "eight hours", "must be a duration such as 4 hours, 1 h 30 min or PT4H"),
        (.provisioningInterval, "2 days", "must be between 1 minute and 1 day"),
        (.mfa, "sometimes", "must be off, always or new-device"),
        (.awsSignInURL, "http://signin.aws.amazon.com/saml", "must be a full address starting with https://"),
        (.awsSignInURL, "https://signin.aws.amazon.com/saml?x=1", "must not have a query or fragment"),
        (.samlProviderName, "has space", "must be 1 to 128 letters, digits or ._-"),
        (.roleNamePattern, "Portico", "must contain {permission_set} exactly once"),
        (.roleNamePattern, "{permission_set}-{permission_set}", "must contain {permission_set} exactly once"),
    ])
    func refusesTextSettingsWithTheReasonAndKeepsTheOldValue(key: PortalSettings.Key, text: String, reason: String) {
        var settings = PortalSettings.defaults
        #expect(settings.set(key, text: text) == reason)
        #expect(settings == .defaults)
    }

    @Test func refusesListSettingsWithTheReasonAndKeepsTheOldValue() {
        var settings = PortalSettings.defaults
        #expect(settings.set(.allowedConsoleHosts, list: []) == "must list at least one host")
        #expect(
            settings.set(.allowedConsoleHosts, list: ["evil.com/x"])
                == "evil.com/x is not a lowercase host name such as console.aws.amazon.com")
        #expect(settings.set(.allowedConsoleHosts, list: ["a.example.com", "A.example.com"]) == "a.example.com is listed twice")
        #expect(settings.set(.principalTagAttributes, list: ["team", "team"]) == "team is listed twice")
        #expect(settings.set(.principalTagAttributes, list: ["bad|key"])?.hasPrefix("bad|key is not a tag key") == true)
        #expect(settings == .defaults)
    }
}
