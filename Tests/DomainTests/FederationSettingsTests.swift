import Domain
import Testing

struct FederationSettingsTests {
    @Test func defaultsPointAtTheCommercialPartition() {
        let defaults = FederationSettings.defaults
        #expect(defaults.signInURL.text == "https://signin.aws.amazon.com/saml")
        #expect(defaults.allowedConsoleHosts == ["console.aws.amazon.com", "console.amazonaws-us-gov.com", "console.amazonaws.cn"])
        #expect(defaults.samlProviderName == "Portico")
        #expect(defaults.roleNamePattern == .default)
        #expect(defaults.principalTagAttributes.isEmpty)
        #expect(defaults.consoleHome == "https://console.aws.amazon.com/")
    }

    @Test(
        arguments: [
            ("https://signin.aws.amazon.com/saml", nil),
            ("https://us-east-1.signin.aws.amazon.com/saml", nil),
            ("https://signin.amazonaws-us-gov.com/saml", nil),
            ("https://cn-north-1.signin.amazonaws.cn/saml", nil),
            (
                "https://signin.example.com/saml",
                "must be an AWS sign-in address: signin.aws.amazon.com, signin.amazonaws-us-gov.com, signin.amazonaws.cn or a regional one under them"
            ),
            (
                "https://signin.aws.amazon.com.evil.example/saml",
                "must be an AWS sign-in address: signin.aws.amazon.com, signin.amazonaws-us-gov.com, signin.amazonaws.cn or a regional one under them"
            ),
            (
                "https://evilsignin.aws.amazon.com/saml",
                "must be an AWS sign-in address: signin.aws.amazon.com, signin.amazonaws-us-gov.com, signin.amazonaws.cn or a regional one under them"
            ),
            ("http://signin.aws.amazon.com/saml", "must be a full address starting with https://"),
            ("https://signin.aws.amazon.com/saml?x=1", "must not have a query or fragment"),
            ("https://signin.aws.amazon.com/saml#x", "must not have a query or fragment"),
            (
                "https://signin.aws.amazon.com; script-src *",
                "must not contain spaces, backslashes, quotes, control or non-ASCII characters"
            ),
        ] as [(String, String?)])
    func checksTheSignInURL(text: String, problem: String?) {
        #expect(FederationSettings.signInURLProblem(text) == problem)
    }

    @Test func checksAllowedHosts() {
        #expect(FederationSettings.allowedHostsProblem(["console.aws.amazon.com"]) == nil)
        #expect(FederationSettings.allowedHostsProblem([]) == "must list at least one host")
        #expect(
            FederationSettings.allowedHostsProblem(["*.console.aws.amazon.com"])
                == "*.console.aws.amazon.com is not a lowercase host name such as console.aws.amazon.com")
        #expect(
            FederationSettings.allowedHostsProblem(["https://console.aws.amazon.com"])
                == "https://console.aws.amazon.com is not a lowercase host name such as console.aws.amazon.com")
        #expect(FederationSettings.allowedHostsProblem(["console.a.example", "console.a.example"]) == "console.a.example is listed twice")
        #expect(FederationSettings.allowedHostsProblem(["console.amazonaws.cn", "console.amazonaws-us-gov.com"]) == nil)
        // Subdomains are allowed too, so a whole domain would open every bucket and site under it.
        for host in ["amazonaws.com", "amazon.com", "com"] {
            #expect(FederationSettings.allowedHostsProblem(["console.aws.amazon.com", host])?.hasPrefix(host + " is ") == true, "\(host)")
        }
        #expect(
            FederationSettings.allowedHostsProblem(["amazonaws.com"])
                == "amazonaws.com is a whole domain; name a console host such as console.aws.amazon.com (its subdomains are allowed too)")
    }

    @Test func checksProviderNamesAndTagKeys() {
        #expect(FederationSettings.samlProviderNameProblem("Portico_prod-1.x") == nil)
        #expect(FederationSettings.samlProviderNameProblem("") == "must be 1 to 128 letters, digits or ._-")
        #expect(FederationSettings.samlProviderNameProblem("a/b") == "must be 1 to 128 letters, digits or ._-")
        #expect(FederationSettings.principalTagAttributesProblem(["department", "cost-center"]) == nil)
        #expect(FederationSettings.principalTagAttributesProblem(["a", "a"]) == "a is listed twice")
        #expect(
            FederationSettings.principalTagAttributesProblem(["bad\u{1}key"])
                == "bad\u{1}key is not a tag key of 1 to 128 letters, digits, spaces or _.:/=+-@")
    }
}
