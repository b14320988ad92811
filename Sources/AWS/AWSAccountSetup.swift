import Domain
import JSON

/// What one AWS account needs to trust Portico: the IAM SAML provider made from Portico's metadata, and
/// one IAM role per permission set assigned there, as a CloudFormation template or as AWS CLI commands.
///
/// Each role trusts only this provider, for `sts:AssumeRoleWithSAML` and `sts:TagSession` (the
/// `PrincipalTag` attributes), and only for assertions addressed to the sign-in URL (`SAML:aud`), as
/// AWS's guide to SAML federation prescribes. `MaxSessionDuration` is the permission set's duration, so
/// the `SessionDuration` Portico asserts is never refused by STS.
///
/// Accounts in a jump-account setup (issue 16) differ. An account reached through a jump account has no
/// provider: its roles trust the jump account's role (`sts:AssumeRole`, which the console's Switch Role
/// calls with the jump session's credentials) and only a session whose `PorticoSwitchRole` tag names that
/// very role, the tag Portico puts on each jump sign-in. The jump account gets, beside its own roles, the
/// roles people sign in to on their way, each allowed `sts:AssumeRole` on exactly the roles it leads to.
package struct AWSAccountSetup: Sendable {
    /// An IAM role the account needs.
    package struct Role: Sendable {
        /// Who may assume the role.
        package enum Trust: Hashable, Sendable {
            /// People signed in by Portico through the account's SAML provider.
            case samlProvider
            /// A jump account's role, for a session tagged for this role (`JumpRoute.switchTargetTagKey`).
            case jumpRole(accountID: String, roleName: String, switchTarget: String)
        }

        package var name: String
        /// The permission set whose policies and tags the role carries; nil for a role people only switch from.
        package var permissionSet: PermissionSet?
        package var trust: Trust
        /// The roles, in accounts reached through this one, that the role may switch into: `(account, role)`.
        package var switchTargets: [SwitchTarget]
        /// Seconds; at least the longest session Portico asserts for the role.
        package var maxSessionDuration: Int

        /// A role of an account reached through a jump account.
        package struct SwitchTarget: Hashable, Sendable {
            package var accountID: String
            package var roleName: String

            package init(accountID: String, roleName: String) {
                self.accountID = accountID
                self.roleName = roleName
            }

            /// The role's ARN in `partition` (`aws`, `aws-us-gov`, `aws-cn`).
            package func arn(partition: String) -> String { "arn:\(partition):iam::\(accountID):role/\(roleName)" }
        }

        /// The role of a permission set, signed in to through the SAML provider.
        package init(name: String, permissionSet: PermissionSet) {
            self.init(name: name, permissionSet: permissionSet, trust: .samlProvider)
        }

        package init(
            name: String, permissionSet: PermissionSet?, trust: Trust, switchTargets: [SwitchTarget] = [], maxSessionDuration: Int? = nil
        ) {
            self.name = name
            self.permissionSet = permissionSet
            self.trust = trust
            self.switchTargets = switchTargets
            self.maxSessionDuration =
                maxSessionDuration ?? permissionSet?.sessionDuration.seconds ?? PermissionSet.defaultSessionDuration.seconds
        }
    }

    package var accountID: String
    package var accountName: String
    package var samlProviderName: String
    /// `/saml/metadata` as served, uploaded to IAM as the provider's metadata document.
    package var metadataXML: String
    /// The `SAML:aud` every role requires: the AWS sign-in URL assertions are posted to.
    package var signInURL: String
    /// Sorted by role name, so the output is the same for the same directory.
    package var roles: [Role]

    /// The partition the account is in (`aws`, `aws-us-gov`, `aws-cn`), which every ARN names.
    package var partition: String

    package init(
        accountID: String, accountName: String, samlProviderName: String, metadataXML: String, signInURL: String, roles: [Role],
        partition: String = "aws"
    ) {
        self.partition = partition
        self.accountID = accountID
        self.accountName = accountName
        self.samlProviderName = samlProviderName
        self.metadataXML = metadataXML
        self.signInURL = signInURL
        self.roles = roles.sorted { $0.name < $1.name }
    }

    /// Whether the account needs the SAML provider: some role is signed in to, rather than only switched into.
    /// An account with no roles yet still gets it, as before there were jump accounts.
    package var needsSAMLProvider: Bool {
        roles.isEmpty || roles.contains { $0.trust == .samlProvider }
    }

    /// The roles `account` needs: one per permission set assigned there, trusting the SAML provider, or, for
    /// an account reached through a jump account, that account's role; and for a jump account, the roles
    /// people sign in to on their way into each account reached through it, which may be one of its own
    /// (IAM role names ignore case, so a role is one role whatever case each use spells it in).
    ///
    /// - Parameter reached: the accounts reached through `account`, each with the permission sets assigned there.
    package static func roles(
        for account: Account, assigned: [PermissionSet], reached: [(account: Account, assigned: [PermissionSet])],
        roleNamePattern: RoleNamePattern
    ) -> [Role] {
        if let route = account.reachedThrough {
            return assigned.map { set in
                let name = roleNamePattern.roleName(for: set.name)
                return Role(
                    name: name, permissionSet: set,
                    trust: .jumpRole(
                        accountID: route.accountID, roleName: route.jumpRoleName(forRoleName: name),
                        switchTarget: JumpRoute.switchTarget(accountID: account.id, roleName: name)))
            }
        }
        var roles: [String: Role] = [:]
        var order: [String] = []
        for set in assigned {
            let role = Role(name: roleNamePattern.roleName(for: set.name), permissionSet: set)
            if roles[role.name.lowercased()] == nil { order.append(role.name.lowercased()) }
            roles[role.name.lowercased()] = role
        }
        for (member, sets) in reached {
            guard let route = member.reachedThrough else { continue }
            for set in sets {
                let target = roleNamePattern.roleName(for: set.name)
                let name = route.jumpRoleName(forRoleName: target)
                var role = roles[name.lowercased()] ?? Role(name: name, permissionSet: nil, trust: .samlProvider, maxSessionDuration: 0)
                if roles[name.lowercased()] == nil { order.append(name.lowercased()) }
                let switchTarget = Role.SwitchTarget(accountID: member.id, roleName: target)
                if !role.switchTargets.contains(switchTarget) { role.switchTargets.append(switchTarget) }
                // The jump sign-in asks for the permission set's duration.
                role.maxSessionDuration = max(role.maxSessionDuration, set.sessionDuration.seconds)
                roles[name.lowercased()] = role
            }
        }
        return order.compactMap { roles[$0] }.map { role in
            var role = role
            role.switchTargets.sort { ($0.accountID, $0.roleName) < ($1.accountID, $1.roleName) }
            return role
        }
    }

    // MARK: CloudFormation

    /// The CloudFormation template (JSON) creating the provider (when a role is signed in to) and every role.
    package func cloudFormationTemplate() -> String {
        var resources: [String: JSONNode] = [:]
        var outputs: [String: JSONNode] = [:]
        if needsSAMLProvider {
            resources["SAMLProvider"] = .object([
                "Type": .string("AWS::IAM::SAMLProvider"),
                "Properties": .object(["Name": .string(samlProviderName), "SamlMetadataDocument": .string(metadataXML)]),
            ])
            outputs["SAMLProviderArn"] = .object(["Value": .object(["Ref": .string("SAMLProvider")])])
        }
        for (logicalID, role) in zip(roleLogicalIDs, roles) {
            var properties: [String: JSONNode] = [
                "RoleName": .string(role.name),
                "Description": .string(Self.roleDescription(role)),
                "MaxSessionDuration": .number(Double(role.maxSessionDuration)),
                "AssumeRolePolicyDocument": trustPolicy(role, federatedPrincipal: .object(["Ref": .string("SAMLProvider")])),
            ]
            if let set = role.permissionSet { properties["ManagedPolicyArns"] = .strings(set.managedPolicyARNs) }
            let policies = Self.inlinePolicies(role, partition: partition).map { name, document in
                JSONNode.object(["PolicyName": .string(name), "PolicyDocument": document])
            }
            if !policies.isEmpty { properties["Policies"] = .array(policies) }
            if let tags = role.permissionSet?.tags, !tags.isEmpty {
                properties["Tags"] = .array(
                    tags.sorted { $0.key < $1.key }.map {
                        .object(["Key": .string($0.key), "Value": .string($0.value)])
                    })
            }
            resources[logicalID] = .object(["Type": .string("AWS::IAM::Role"), "Properties": .object(properties)])
            outputs[logicalID + "Arn"] = .object(["Value": .object(["Fn::GetAtt": .strings([logicalID, "Arn"])])])
        }
        var template: [String: JSONNode] = [
            "AWSTemplateFormatVersion": .string("2010-09-09"),
            "Description": .string(description),
            "Resources": .object(resources),
        ]
        if !outputs.isEmpty { template["Outputs"] = .object(outputs) }
        return JSONNode.object(template).text(pretty: true) + "\n"
    }

    /// The template's description: what it creates, and for an account reached through a jump account, what
    /// must exist first (IAM refuses a trust policy naming a role that does not exist).
    private var description: String {
        let jumpAccounts = Set(
            roles.compactMap { role -> String? in
                if case .jumpRole(let account, _, _) = role.trust { return account }
                return nil
            })
        if needsSAMLProvider {
            return "Portico sign-in for AWS account \(accountID) (\(accountName)): the SAML provider and one role per permission set"
                + (roles.contains { !$0.switchTargets.isEmpty } ? ", including the roles people switch from into other accounts." : ".")
        }
        return "Portico roles for AWS account \(accountID) (\(accountName)), reached by switching role from account "
            + jumpAccounts.sorted().joined(separator: ", ") + ": one role per permission set. Deploy the jump account's template first."
    }

    /// CloudFormation logical ids: letters and digits only, unique even when two role names differ only in
    /// punctuation (`a.b` and `a-b`), hence the position prefix.
    var roleLogicalIDs: [String] {
        roles.enumerated().map { index, role in
            "Role\(index + 1)"
                + String(
                    role.name.unicodeScalars.filter { $0.isASCII && ($0.properties.isAlphabetic || ("0"..."9").contains($0)) }.map(
                        Character.init))
        }
    }

    // MARK: AWS CLI

    /// The same setup as a shell script of AWS CLI commands, for admins who do not use CloudFormation.
    ///
    /// It creates what is missing and brings what exists up to date, so it can be run again after assignments
    /// or permission sets change: the provider's metadata is replaced (`update-saml-provider`), and an existing
    /// role gets the trust policy, description and maximum session duration afresh, loses managed and inline
    /// policies its permission set no longer names, and gains the ones it does (attaching or putting a policy
    /// twice is no error in IAM). Roles of sets no longer assigned are left alone: a role may still be in use.
    /// Every value is single-quoted for the shell, so names and policies cannot break out of their argument.
    package func cliCommands() -> String {
        let providerARN = "arn:\(partition):iam::\(accountID):saml-provider/\(samlProviderName)"
        var lines = [
            "#!/bin/sh",
            "# Portico sign-in for AWS account \(accountID): run with credentials for that account.",
            "# Creates the SAML provider and roles, or brings existing ones up to date: run it again after assignments change.",
            "set -eu",
        ]
        if needsSAMLProvider {
            let provider = Self.shellQuoted(providerARN)
            lines += [
                "",
                "cat > portico-metadata.xml <<'PORTICO_METADATA'",
                metadataXML.hasSuffix("\n") ? String(metadataXML.dropLast()) : metadataXML,
                "PORTICO_METADATA",
                "if aws iam get-saml-provider --saml-provider-arn \(provider) >/dev/null 2>&1; then",
                "  aws iam update-saml-provider --saml-provider-arn \(provider) --saml-metadata-document file://portico-metadata.xml",
                "else",
                "  aws iam create-saml-provider --name \(Self.shellQuoted(samlProviderName)) --saml-metadata-document file://portico-metadata.xml",
                "fi",
            ]
        } else {
            lines.append("# The accounts people switch from must have their roles first: run their scripts before this one.")
        }
        for role in roles {
            lines += [""] + roleCommands(role, trust: trustPolicy(role, federatedPrincipal: .string(providerARN)).text())
        }
        return lines.joined(separator: "\n") + "\n"
    }

    /// One role's part of `cliCommands()`: create or update it, then make its policies exactly its set's.
    private func roleCommands(_ role: Role, trust: String) -> [String] {
        let name = Self.shellQuoted(role.name)
        let settings = "--max-session-duration \(role.maxSessionDuration) --description \(Self.shellQuoted(Self.roleDescription(role)))"
        let managed = role.permissionSet?.managedPolicyARNs ?? []
        let inline = Self.inlinePolicies(role, partition: partition)
        var lines = [
            "# \(role.permissionSet?.name ?? "switched from into other accounts")",
            "trust=\(Self.shellQuoted(trust))",
            "if aws iam get-role --role-name \(name) >/dev/null 2>&1; then",
            "  aws iam update-assume-role-policy --role-name \(name) --policy-document \"$trust\"",
            "  aws iam update-role --role-name \(name) \(settings)",
            "else",
            "  aws iam create-role --role-name \(name) \(settings) --assume-role-policy-document \"$trust\"",
            "fi",
        ]
        // What the role has beyond its set's policies goes. The lists are read into a variable first so that a
        // failed call stops the script (`set -e` ignores one in a `for` list); ARNs and IAM names hold no spaces.
        lines += [
            "attached=$(aws iam list-attached-role-policies --role-name \(name) --query 'AttachedPolicies[].PolicyArn' --output text)",
            "for arn in $attached; do",
            "  case $arn in",
            "    \(Self.casePattern(managed))) ;;",
            "    *) aws iam detach-role-policy --role-name \(name) --policy-arn \"$arn\" ;;",
            "  esac",
            "done",
            "inline=$(aws iam list-role-policies --role-name \(name) --query 'PolicyNames[]' --output text)",
            "for policy in $inline; do",
            "  case $policy in",
            "    \(Self.casePattern(inline.map(\.0)))) ;;",
            "    *) aws iam delete-role-policy --role-name \(name) --policy-name \"$policy\" ;;",
            "  esac",
            "done",
        ]
        for arn in managed {
            lines.append("aws iam attach-role-policy --role-name \(name) --policy-arn \(Self.shellQuoted(arn))")
        }
        for (policyName, document) in inline {
            lines.append(
                "aws iam put-role-policy --role-name \(name) --policy-name \(Self.shellQuoted(policyName))"
                    + " --policy-document \(Self.shellQuoted(document.text()))")
        }
        return lines
    }

    /// A `case` pattern matching exactly these words, each quoted; with none, one that no word from the list
    /// commands matches (they never print an empty word).
    static func casePattern(_ words: [String]) -> String {
        words.isEmpty ? "''" : words.map(shellQuoted).joined(separator: " | ")
    }

    // MARK: Pieces

    func trustPolicy(_ role: Role, federatedPrincipal: JSONNode) -> JSONNode {
        let statement: JSONNode
        switch role.trust {
        case .samlProvider:
            statement = .object([
                "Effect": .string("Allow"),
                "Principal": .object(["Federated": federatedPrincipal]),
                "Action": .strings(["sts:AssumeRoleWithSAML", "sts:TagSession"]),
                "Condition": .object(["StringEquals": .object(["SAML:aud": .string(signInURL)])]),
            ])
        case .jumpRole(let account, let jumpRole, let switchTarget):
            // The console's Switch Role calls AssumeRole with the jump session's own credentials, whose
            // session tags are its principal tags: only a sign-in Portico made for this role carries this value.
            statement = .object([
                "Effect": .string("Allow"),
                "Principal": .object(["AWS": .string("arn:\(partition):iam::\(account):role/\(jumpRole)")]),
                "Action": .string("sts:AssumeRole"),
                "Condition": .object([
                    "StringEquals": .object(["aws:PrincipalTag/\(JumpRoute.switchTargetTagKey)": .string(switchTarget)])
                ]),
            ])
        }
        return .object(["Version": .string("2012-10-17"), "Statement": .array([statement])])
    }

    /// The role's inline policies by name: the permission set's, and for a role people switch from, the one
    /// allowing `sts:AssumeRole` on exactly the roles it leads to.
    static func inlinePolicies(_ role: Role, partition: String) -> [(String, JSONNode)] {
        var policies: [(String, JSONNode)] = []
        if let set = role.permissionSet, let inline = inlinePolicyDocument(set) { policies.append((inlinePolicyName(set), inline)) }
        if !role.switchTargets.isEmpty {
            policies.append(
                (
                    switchPolicyName,
                    .object([
                        "Version": .string("2012-10-17"),
                        "Statement": .array([
                            .object([
                                "Effect": .string("Allow"), "Action": .string("sts:AssumeRole"),
                                "Resource": .strings(role.switchTargets.map { $0.arn(partition: partition) }),
                            ])
                        ]),
                    ])
                ))
        }
        return policies
    }

    /// The inline policy of a role people switch from: the switch itself.
    static let switchPolicyName = "portico-switch-role"

    /// The inline policy as a JSON value; validation guarantees an object, so anything else is left out.
    static func inlinePolicyDocument(_ permissionSet: PermissionSet) -> JSONNode? {
        guard let text = permissionSet.inlinePolicy, let document = try? JSONNode.parse(Array(text.utf8)),
            case .object = document
        else { return nil }
        return document
    }

    static func inlinePolicyName(_ permissionSet: PermissionSet) -> String { "\(permissionSet.name)-inline" }

    /// IAM takes at most 1,000 characters of Latin-1 in a role description, so other characters (a
    /// Japanese description, say) become `?` rather than failing the whole stack.
    static func roleDescription(_ role: Role) -> String {
        let text: String
        if let set = role.permissionSet {
            text = set.description.isEmpty ? "Portico permission set \(set.name)" : set.description
        } else {
            let count = role.switchTargets.count
            text = "Portico jump role: people sign in here, then switch role into \(count) role\(count == 1 ? "" : "s") of other accounts"
        }
        let allowed = text.unicodeScalars.prefix(1_000).map { scalar -> Character in
            let value = scalar.value
            let isAllowed =
                value == 0x09 || value == 0x0A || value == 0x0D || (0x20...0x7E).contains(value) || (0xA1...0xFF).contains(value)
            return isAllowed ? Character(scalar) : "?"
        }
        return String(allowed)
    }

    /// `text` as one POSIX shell word: inside single quotes nothing is special, and a quote is closed,
    /// escaped and reopened.
    static func shellQuoted(_ text: String) -> String {
        "'" + text.replacing("'", with: "'\\''") + "'"
    }
}
