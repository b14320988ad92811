import Domain
import Testing

/// AWS's switch-role page as a destination: accepted with the default allow-list, only on the sign-in
/// hosts' `/switchrole` page and only with parameters the page documents.
struct SwitchRoleLinkTests {
    static let hosts = ConsoleDestination.defaultAllowedHosts

    /// Links as the IAM console and people write them, with what Portico passes on.
    @Test(arguments: [
        (
            "https://signin.aws.amazon.com/switchrole?account=111122223333&roleName=Admin",
            "https://signin.aws.amazon.com/switchrole?account=111122223333&roleName=Admin"
        ),
        // The IAM console's "Link to switch roles in console" puts roleName first.
        (
            "https://signin.aws.amazon.com/switchrole?roleName=ReadOnly&account=111122223333",
            "https://signin.aws.amazon.com/switchrole?account=111122223333&roleName=ReadOnly"
        ),
        (
            "https://signin.aws.amazon.com/switchrole?account=111122223333&roleName=team%2FDeploy.er&displayName=Prod+Admin&color=b7ca9d",
            "https://signin.aws.amazon.com/switchrole?account=111122223333&roleName=team%2FDeploy.er&displayName=Prod%20Admin&color=b7ca9d"
        ),
        (
            "https://SIGNIN.aws.amazon.com:443/switchrole?account=111122223333&roleName=a%2Bb%3Dc%2Cd%40e&displayName=%E6%9C%AC%E7%95%AA",
            "https://signin.aws.amazon.com/switchrole?account=111122223333&roleName=a%2Bb%3Dc%2Cd%40e&displayName=%E6%9C%AC%E7%95%AA"
        ),
        (
            "https://signin.amazonaws-us-gov.com/switchrole?account=111122223333&roleName=Admin",
            "https://signin.amazonaws-us-gov.com/switchrole?account=111122223333&roleName=Admin"
        ),
        (
            "https://signin.amazonaws.cn/switchrole?account=111122223333&roleName=Admin&displayName=",
            "https://signin.amazonaws.cn/switchrole?account=111122223333&roleName=Admin"
        ),
    ])
    func acceptsWellFormedLinksWithTheDefaultAllowList(text: String, canonical: String) throws {
        let destination = try ConsoleDestination.check(text, allowedHosts: Self.hosts)
        #expect(destination.url.text == canonical)
        let link = try #require(destination.switchRole)
        #expect(link.accountID == "111122223333")
        #expect(link.text == canonical)
    }

    @Test func decodesWhatTheLinkSays() throws {
        let link = try #require(
            try ConsoleDestination.check(
                "https://signin.aws.amazon.com/switchrole?roleName=team%2FDeploy.er&account=111122223333&displayName=Prod+%E6%9C%AC%E7%95%AA",
                allowedHosts: Self.hosts
            ).switchRole)
        #expect(link.host == "signin.aws.amazon.com")
        #expect(link.roleName == "team/Deploy.er")
        #expect(link.displayName == "Prod 本番")
        #expect(link.color == nil)
    }

    /// Anything else on the sign-in host, or a switch-role link saying more or less than it should.
    @Test(arguments: [
        ("https://signin.aws.amazon.com/saml", ConsoleDestination.Refusal.hostNotAllowed(host: "signin.aws.amazon.com")),
        (
            "https://signin.aws.amazon.com/federation?Action=login&Destination=https%3A%2F%2Fevil.com",
            .hostNotAllowed(host: "signin.aws.amazon.com")
        ),
        ("https://signin.aws.amazon.com/switchrole/x?account=111122223333&roleName=A", .hostNotAllowed(host: "signin.aws.amazon.com")),
        ("https://signin.aws.amazon.com/SwitchRole?account=111122223333&roleName=A", .hostNotAllowed(host: "signin.aws.amazon.com")),
        // Only the partitions' own sign-in hosts: not a region's, not a look-alike.
        (
            "https://us-east-1.signin.aws.amazon.com/switchrole?account=111122223333&roleName=A",
            .hostNotAllowed(host: "us-east-1.signin.aws.amazon.com")
        ),
        (
            "https://signin.aws.amazon.com.evil.com/switchrole?account=111122223333&roleName=A",
            .hostNotAllowed(host: "signin.aws.amazon.com.evil.com")
        ),
        (
            "https://signin.aws.amazon.com/switchrole?account=111122223333&roleName=A&redirect_uri=https%3A%2F%2Fevil.com",
            .switchRole(.parameter("redirect_uri"))
        ),
        (
            "https://signin.aws.amazon.com/switchrole?account=111122223333&account=444455556666&roleName=A",
            .switchRole(.parameter("account"))
        ),
        ("https://signin.aws.amazon.com/switchrole?account=111122223333&roleName=A#x", .switchRole(.fragment)),
        ("https://signin.aws.amazon.com/switchrole?roleName=A", .switchRole(.missing("account"))),
        ("https://signin.aws.amazon.com/switchrole", .switchRole(.missing("account"))),
        ("https://signin.aws.amazon.com/switchrole?account=111122223333", .switchRole(.missing("roleName"))),
        ("https://signin.aws.amazon.com/switchrole?account=my-alias&roleName=A", .switchRole(.account)),
        ("https://signin.aws.amazon.com/switchrole?account=1111222233334&roleName=A", .switchRole(.account)),
        ("https://signin.aws.amazon.com/switchrole?account=111122223333&roleName=", .switchRole(.roleName)),
        ("https://signin.aws.amazon.com/switchrole?account=111122223333&roleName=a%20b", .switchRole(.roleName)),
        ("https://signin.aws.amazon.com/switchrole?account=111122223333&roleName=%2FAdmin", .switchRole(.roleName)),
        ("https://signin.aws.amazon.com/switchrole?account=111122223333&roleName=a%2F%2Fb", .switchRole(.roleName)),
        (
            "https://signin.aws.amazon.com/switchrole?account=111122223333&roleName=" + String(repeating: "a", count: 65),
            .switchRole(.roleName)
        ),
        ("https://signin.aws.amazon.com/switchrole?account=111122223333&roleName=A&displayName=%E2%80%8F%1F", .malformed(.invalidEscape)),
        ("https://signin.aws.amazon.com/switchrole?account=111122223333&roleName=A&displayName=%C2%85", .switchRole(.displayName)),
        (
            "https://signin.aws.amazon.com/switchrole?account=111122223333&roleName=A&displayName=" + String(repeating: "x", count: 65),
            .switchRole(.displayName)
        ),
        ("https://signin.aws.amazon.com/switchrole?account=111122223333&roleName=A&color=red", .switchRole(.color)),
    ])
    func refusesEverythingElse(text: String, refusal: ConsoleDestination.Refusal) {
        #expect(throws: refusal) { try ConsoleDestination.check(text, allowedHosts: Self.hosts) }
    }

    @Test func aBuiltLinkEscapesItsValuesAndFitsItsDisplayName() throws {
        let link = try #require(
            SwitchRoleLink(
                host: "signin.aws.amazon.com", accountID: "111122223333", roleName: "Ops+Read",
                displayName: "Ops+Read @ app&prod " + String(repeating: "x", count: 80)))
        #expect(link.displayName?.unicodeScalars.count == 64)
        #expect(
            link.text.hasPrefix(
                "https://signin.aws.amazon.com/switchrole?account=111122223333&roleName=Ops%2BRead&displayName=Ops%2BRead%20%40%20app%26prod%20xxx"
            ))
        let reparsed = try #require(try ConsoleDestination.check(link.text, allowedHosts: Self.hosts).switchRole)
        #expect(reparsed == link)

        #expect(SwitchRoleLink(host: "evil.com", accountID: "111122223333", roleName: "A") == nil)
        #expect(SwitchRoleLink(host: "signin.aws.amazon.com", accountID: "1111", roleName: "A") == nil)
        #expect(SwitchRoleLink(host: "signin.aws.amazon.com", accountID: "111122223333", roleName: "a b") == nil)
    }

    @Test func theSwitchRoleHostFollowsTheSignInURLsPartition() throws {
        var settings = FederationSettings.defaults
        #expect(settings.switchRoleHost == "signin.aws.amazon.com")
        settings.signInURL = try HTTPSURL.parse("https://us-east-2.signin.aws.amazon.com/saml")
        #expect(settings.switchRoleHost == "signin.aws.amazon.com")
        settings.signInURL = try HTTPSURL.parse("https://signin.amazonaws-us-gov.com/saml")
        #expect(settings.switchRoleHost == "signin.amazonaws-us-gov.com")
        settings.signInURL = try HTTPSURL.parse("https://signin.amazonaws.cn/saml")
        #expect(settings.switchRoleHost == "signin.amazonaws.cn")
    }
}
