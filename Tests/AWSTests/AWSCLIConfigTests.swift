import AWS
import Domain
import Testing

/// The `~/.aws/config` Portico writes: one sso-session, one profile per account and role with a readable,
/// unique name, and Portico's endpoints named from every profile.
struct AWSCLIConfigTests {
    private static func access(_ accountID: String, _ accountName: String, _ permissionSet: String) -> EffectiveAccess {
        EffectiveAccess(
            accountID: accountID, accountName: accountName, permissionSetID: "ps-" + permissionSet, permissionSetName: permissionSet,
            isDirect: true, groupNames: [])
    }

    private static func config(_ access: [EffectiveAccess], pattern: RoleNamePattern = .default, region: String = "us-east-1")
        -> AWSCLIConfig
    {
        AWSCLIConfig(
            access: access, roleNamePattern: pattern, baseURL: "https://portal.example.com/", region: region,
            userEmail: "alice@example.com", generatedAt: 1_796_000_000)
    }

    @Test func writesTheSessionProfilesAndServicesSections() {
        let text = Self.config([Self.access("111122223333", "Shop Prod", "ReadOnlyAccess")]).text
        #expect(
            text.hasSuffix(
                """

                [sso-session portico]
                sso_start_url = https://portal.example.com/start
                sso_region = us-east-1
                sso_registration_scopes = sso:account:access

                # Shop Prod (111122223333) as ReadOnlyAccess
                [profile shop-prod-readonlyaccess]
                sso_session = portico
                sso_account_id = 111122223333
                sso_role_name = ReadOnlyAccess
                region = us-east-1
                output = json
                services = portico

                # Portico's SSO endpoints, used by every profile above (AWS CLI v2.13+, botocore 1.31+, boto3).
                [services portico]
                sso =
                  endpoint_url = https://portal.example.com/aws/portal
                sso_oidc =
                  endpoint_url = https://portal.example.com/aws/oidc

                """))
    }

    @Test func headerSaysWhatForWhomWhenAndHowToSignIn() {
        let text = Self.config([Self.access("111122223333", "shop", "Admin")]).text
        let header = text.split(separator: "\n").prefix { $0.hasPrefix("#") }.joined(separator: "\n")
        #expect(header.contains("AWS CLI and SDK configuration from Portico, https://portal.example.com"))
        #expect(header.contains("For alice@example.com, generated 2026-11-30T") && header.contains("1 profile,"))
        #expect(header.contains("aws sso login --sso-session portico"))
        #expect(header.contains("https://portal.example.com/cli/portico-sso-login.py") && header.contains("aws-sso-util login"))
        #expect(header.contains("boto3") && header.contains("Terraform"))
    }

    @Test func namesRolesByTheRoleNamePattern() throws {
        let pattern = try #require(RoleNamePattern("Portico-{permission_set}"))
        let config = Self.config([Self.access("111122223333", "shop", "Admin")], pattern: pattern)
        #expect(config.profiles.map(\.name) == ["shop-portico-admin"])
        #expect(config.text.contains("sso_role_name = Portico-Admin\n"))
    }

    @Test func profileNamesAreLowercaseWithOddCharactersAsOneDash() {
        #expect(AWSCLIConfig.slug("Shop  Prod (EU)") == "shop-prod-eu")
        #expect(AWSCLIConfig.slug("ledger_v2.prod") == "ledger_v2.prod")
        #expect(AWSCLIConfig.slug("--Team--A--") == "team-a")
        #expect(AWSCLIConfig.slug("本番") == "")
        let profiles = Self.config([
            Self.access("111122223333", "Shop Prod (EU)", "Billing+Audit@x"),
            Self.access("444455556666", "本番", "Admin"),
        ]).profiles
        #expect(profiles.map(\.name) == ["444455556666-admin", "shop-prod-eu-billing-audit-x"])
    }

    @Test func namesTwoPairsWouldShareGetTheAccountID() {
        let profiles = Self.config([
            Self.access("222222222222", "App Prod", "Admin"),
            Self.access("111111111111", "app-prod", "Admin"),
            Self.access("111111111111", "app-prod", "ReadOnly"),
        ]).profiles
        #expect(profiles.map(\.name) == ["app-prod-111111111111-admin", "app-prod-222222222222-admin", "app-prod-readonly"])
        #expect(profiles.map(\.accountID) == ["111111111111", "222222222222", "111111111111"])
    }

    @Test func aDisambiguatedNameNeverTakesAnotherAccountsName() {
        let names = Self.config([
            Self.access("111111111111", "a", "x"),
            Self.access("222222222222", "a", "x"),
            Self.access("333333333333", "a-111111111111", "x"),
        ]).profiles.map(\.name)
        #expect(Set(names).count == 3)
        #expect(names.contains("a-222222222222-x") && names.contains("a-111111111111-x"))
    }

    @Test func namesStayTheSameWhateverOrderTheAccessComesIn() {
        let access = [
            Self.access("111111111111", "app", "Admin"), Self.access("222222222222", "app", "Admin"), Self.access("333333333333", "b", "R"),
        ]
        #expect(Self.config(access).text == Self.config(access.reversed()).text)
    }

    @Test func anAccountNameCannotStartALineOfItsOwn() {
        let text = Self.config([Self.access("111122223333", "evil\n[profile default]\ncredential_process = sh", "Admin")]).text
        #expect(!text.contains("\n[profile default]") && !text.contains("\ncredential_process"))
        #expect(text.contains("# evil [profile default] credential_process = sh (111122223333) as Admin\n"))
        #expect(text.contains("[profile evil-profile-default-credential_process-sh-admin]"))
    }

    @Test func noAccessGivesAConfigThatSaysSo() {
        let config = Self.config([])
        #expect(config.profiles.isEmpty)
        #expect(config.text.contains("# You hold no roles in any AWS account yet, so there are no profiles."))
        #expect(config.text.contains("0 profiles") && !config.text.contains("[profile "))
        #expect(config.text.contains("[sso-session portico]") && config.text.contains("[services portico]"))
    }

    @Test func takesAnyRegionNameAndNothingElse() {
        #expect(Self.config([], region: "eu-central-1").text.contains("sso_region = eu-central-1\n"))
        #expect(Self.config([], region: "us-gov-west-1").region == "us-gov-west-1")
        for bad in ["", "EU-west-1", "us-east", "us-east-1\nx = y", "us--1", "us-east-one", "us-east-1 "] {
            #expect(Self.config([], region: bad).region == "us-east-1", "\(bad)")
        }
    }
}
