import Domain
import SAML

/// A ready `~/.aws/config` for one user: one `sso-session` for Portico, one profile per account and role
/// the user holds, and the endpoint overrides that point the CLI and the SDKs at Portico (SPEC §6).
///
/// botocore reads `services = NAME` only in `[profile …]` sections, so every profile names the services
/// section; a profile without it would send its token to AWS's own portal endpoint. Profile names are made
/// from the account and role names so that `--profile shop-prod-readonlyaccess` reads like what it opens,
/// and they stay the same from one download to the next while the user's access does not change.
package struct AWSCLIConfig: Sendable {
    /// The `[sso-session …]` every profile uses; the token cache file is named after it (`sha1("portico")`).
    package static let sessionName = "portico"
    /// The `[services …]` section with Portico's endpoints.
    package static let servicesName = "portico"
    /// The SSO region when none is asked for: any region name works, since the endpoints are overridden.
    package static let defaultRegion = "us-east-1"
    /// The scope `aws sso login` registers for (CLI v2 reads `sso_registration_scopes`).
    package static let registrationScope = "sso:account:access"

    /// One `[profile …]`: an account and a role the user holds there.
    package struct Profile: Hashable, Sendable {
        package var name: String
        package var accountID: String
        package var accountName: String
        package var roleName: String

        package init(name: String, accountID: String, accountName: String, roleName: String) {
            self.name = name
            self.accountID = accountID
            self.accountName = accountName
            self.roleName = roleName
        }
    }

    /// Portico's base URL without a trailing slash.
    package let baseURL: String
    package let region: String
    /// Whose roles these are, for the header comment.
    package let userEmail: String
    /// Seconds since the Unix epoch, for the header comment.
    package let generatedAt: Int64
    /// Sorted by name.
    package let profiles: [Profile]

    /// The config for `access` (one user's effective access), naming each role by `roleNamePattern`.
    package init(
        access: [EffectiveAccess], roleNamePattern: RoleNamePattern, baseURL: String, region: String = defaultRegion,
        userEmail: String, generatedAt: Int64
    ) {
        var trimmed = baseURL
        while trimmed.hasSuffix("/") { trimmed.removeLast() }
        self.baseURL = trimmed
        self.region = Self.isRegionName(region) ? region : Self.defaultRegion
        self.userEmail = userEmail
        self.generatedAt = generatedAt
        self.profiles = Self.profiles(
            for: access.map {
                (accountID: $0.accountID, accountName: $0.accountName, roleName: roleNamePattern.roleName(for: $0.permissionSetName))
            })
    }

    // MARK: Endpoints

    package var startURL: String { baseURL + "/start" }
    /// The SSO portal API (`sso`): `GetRoleCredentials` and friends.
    package var portalEndpoint: String { baseURL + "/aws/portal" }
    /// SSO-OIDC (`sso-oidc`): client registration, device authorization, tokens.
    package var oidcEndpoint: String { baseURL + "/aws/oidc" }

    // MARK: Text

    /// The file, ready to save as `~/.aws/config`.
    package var text: String {
        var lines = header
        lines += [
            "",
            "[sso-session \(Self.sessionName)]",
            "sso_start_url = \(startURL)",
            "sso_region = \(region)",
            "sso_registration_scopes = \(Self.registrationScope)",
        ]
        if profiles.isEmpty {
            lines += [
                "", "# You hold no roles in any AWS account yet, so there are no profiles. Ask a Portico",
                "# administrator or an account's owner for access, then download this file again.",
            ]
        }
        for profile in profiles {
            lines += [
                "",
                "# " + Self.commentText("\(profile.accountName) (\(profile.accountID)) as \(profile.roleName)"),
                "[profile \(profile.name)]",
                "sso_session = \(Self.sessionName)",
                "sso_account_id = \(profile.accountID)",
                "sso_role_name = \(profile.roleName)",
                "region = \(region)",
                "output = json",
                "services = \(Self.servicesName)",
            ]
        }
        lines += [
            "",
            "# Portico's SSO endpoints, used by every profile above (AWS CLI v2.13+, botocore 1.31+, boto3).",
            "[services \(Self.servicesName)]",
            "sso =",
            "  endpoint_url = \(portalEndpoint)",
            "sso_oidc =",
            "  endpoint_url = \(oidcEndpoint)",
        ]
        return lines.joined(separator: "\n") + "\n"
    }

    private var header: [String] {
        let count = profiles.count == 1 ? "1 profile" : "\(profiles.count) profiles"
        return [
            "# AWS CLI and SDK configuration from Portico, \(Self.commentText(baseURL))",
            "# For \(Self.commentText(userEmail)), generated \(SAMLInstant.format(generatedAt)): \(count), one per account and role.",
            "# Save it as ~/.aws/config (or merge it into yours), sign in once, then use any profile:",
            "#   aws s3 ls --profile NAME",
            "# Signing in:",
            "#   boto3, botocore, the AWS SDKs, Terraform: after any of the sign-ins below",
            "#   AWS CLI v2 2.13 to 2.35.12:  aws sso login --sso-session \(Self.sessionName)",
            "#   AWS CLI v2 2.35.13 and later, which refuse a start URL outside AWS:",
            "#     python3 portico-sso-login.py   (from \(Self.commentText(baseURL))/cli/portico-sso-login.py)",
            "#     or: aws-sso-util login",
            "# Your access changed? Download this file again: \(Self.commentText(baseURL))/me/cli",
        ]
    }

    // MARK: Rules

    /// Whether `text` looks like an AWS region name (`us-east-1`, `us-gov-west-1`, `cn-north-1`), checked by
    /// shape only so that a new region needs no release.
    package static func isRegionName(_ text: String) -> Bool {
        let parts = text.split(separator: "-", omittingEmptySubsequences: false)
        guard text.utf8.count <= 32, parts.count >= 3, let number = parts.last, !number.isEmpty,
            number.utf8.allSatisfy({ $0 >= UInt8(ascii: "0") && $0 <= UInt8(ascii: "9") })
        else { return false }
        return parts.dropLast().allSatisfy { part in
            !part.isEmpty && part.utf8.allSatisfy { $0 >= UInt8(ascii: "a") && $0 <= UInt8(ascii: "z") }
        }
    }

    /// `name` as a profile-name part: lowercase, runs of characters outside `[a-z0-9._]` as one `-`, no
    /// `-` at either end.
    package static func slug(_ name: String) -> String {
        var result = ""
        for scalar in name.lowercased().unicodeScalars {
            let isKept = scalar.isASCII && (("a"..."z").contains(scalar) || ("0"..."9").contains(scalar) || scalar == "." || scalar == "_")
            if isKept {
                result.unicodeScalars.append(scalar)
            } else if !result.isEmpty && !result.hasSuffix("-") {
                result += "-"
            }
        }
        while result.hasSuffix("-") { result.removeLast() }
        return result
    }

    /// One profile per account and role, named `<account>-<role>`; names that two pairs would share get the
    /// account id, and an account name with nothing usable in it is replaced by the id.
    static func profiles(for pairs: [(accountID: String, accountName: String, roleName: String)]) -> [Profile] {
        func name(_ pair: (accountID: String, accountName: String, roleName: String), withID: Bool) -> String {
            let account = slug(pair.accountName)
            let role = slug(pair.roleName)
            let accountPart = account.isEmpty ? pair.accountID : withID ? "\(account)-\(pair.accountID)" : account
            return role.isEmpty ? accountPart : "\(accountPart)-\(role)"
        }
        let unique = Dictionary(pairs.map { ("\($0.accountID)\u{0}\($0.roleName)", $0) }, uniquingKeysWith: { first, _ in first })
            .values.sorted { ($0.accountID, $0.roleName) < ($1.accountID, $1.roleName) }
        var counts: [String: Int] = [:]
        for pair in unique { counts[name(pair, withID: false), default: 0] += 1 }
        var taken: Set<String> = []
        var profiles: [Profile] = []
        for pair in unique {
            let base = name(pair, withID: counts[name(pair, withID: false), default: 0] > 1)
            // A name made with the id can still equal another account's plain name; count up until free.
            var candidate = base
            var suffix = 2
            while !taken.insert(candidate).inserted {
                candidate = "\(base)-\(suffix)"
                suffix += 1
            }
            profiles.append(Profile(name: candidate, accountID: pair.accountID, accountName: pair.accountName, roleName: pair.roleName))
        }
        return profiles.sorted { $0.name < $1.name }
    }

    /// `text` on one comment line: control characters (a line break would end the comment and start a
    /// setting) become spaces.
    static func commentText(_ text: String) -> String {
        String(
            String.UnicodeScalarView(
                text.unicodeScalars.map { $0.properties.generalCategory == .control || $0 == "\u{2028}" || $0 == "\u{2029}" ? " " : $0 }))
    }
}
