import Domain
import JSON

/// What one AWS account needs to trust Portico: the IAM SAML provider made from Portico's metadata, and
/// one IAM role per permission set assigned there, as a CloudFormation template or as AWS CLI commands.
///
/// Each role trusts only this provider, for `sts:AssumeRoleWithSAML` and `sts:TagSession` (the
/// `PrincipalTag` attributes), and only for assertions addressed to the sign-in URL (`SAML:aud`), as
/// AWS's guide to SAML federation prescribes. `MaxSessionDuration` is the permission set's duration, so
/// the `SessionDuration` Portico asserts is never refused by STS.
package struct AWSAccountSetup: Sendable {
    /// A permission set and the IAM role name it becomes in this account (`role_name_pattern`).
    package struct Role: Sendable {
        package var name: String
        package var permissionSet: PermissionSet

        package init(name: String, permissionSet: PermissionSet) {
            self.name = name
            self.permissionSet = permissionSet
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

    package init(accountID: String, accountName: String, samlProviderName: String, metadataXML: String, signInURL: String, roles: [Role]) {
        self.accountID = accountID
        self.accountName = accountName
        self.samlProviderName = samlProviderName
        self.metadataXML = metadataXML
        self.signInURL = signInURL
        self.roles = roles.sorted { $0.name < $1.name }
    }

    // MARK: CloudFormation

    /// The CloudFormation template (JSON) creating the provider and every role.
    package func cloudFormationTemplate() -> String {
        var resources: [String: JSONNode] = [
            "SAMLProvider": .object([
                "Type": .string("AWS::IAM::SAMLProvider"),
                "Properties": .object(["Name": .string(samlProviderName), "SamlMetadataDocument": .string(metadataXML)]),
            ])
        ]
        var outputs: [String: JSONNode] = ["SAMLProviderArn": .object(["Value": .object(["Ref": .string("SAMLProvider")])])]
        for (logicalID, role) in zip(roleLogicalIDs, roles) {
            var properties: [String: JSONNode] = [
                "RoleName": .string(role.name),
                "Description": .string(Self.roleDescription(role)),
                "MaxSessionDuration": .number(Double(role.permissionSet.sessionDuration.seconds)),
                "AssumeRolePolicyDocument": trustPolicy(federatedPrincipal: .object(["Ref": .string("SAMLProvider")])),
                "ManagedPolicyArns": .strings(role.permissionSet.managedPolicyARNs),
            ]
            if let inline = Self.inlinePolicyDocument(role.permissionSet) {
                properties["Policies"] = .array([
                    .object(["PolicyName": .string(Self.inlinePolicyName(role)), "PolicyDocument": inline])
                ])
            }
            if !role.permissionSet.tags.isEmpty {
                properties["Tags"] = .array(
                    role.permissionSet.tags.sorted { $0.key < $1.key }.map {
                        .object(["Key": .string($0.key), "Value": .string($0.value)])
                    })
            }
            resources[logicalID] = .object(["Type": .string("AWS::IAM::Role"), "Properties": .object(properties)])
            outputs[logicalID + "Arn"] = .object(["Value": .object(["Fn::GetAtt": .strings([logicalID, "Arn"])])])
        }
        let template: JSONNode = .object([
            "AWSTemplateFormatVersion": .string("2010-09-09"),
            "Description": .string(
                "Portico sign-in for AWS account \(accountID) (\(accountName)): the SAML provider and one role per permission set."),
            "Resources": .object(resources),
            "Outputs": .object(outputs),
        ])
        return template.text(pretty: true) + "\n"
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
    /// Every value is single-quoted for the shell, so names and policies cannot break out of their argument.
    package func cliCommands() -> String {
        let providerARN = "arn:aws:iam::\(accountID):saml-provider/\(samlProviderName)"
        var lines = [
            "#!/bin/sh",
            "# Portico sign-in for AWS account \(accountID): run with credentials for that account.",
            "set -eu",
            "",
            "cat > portico-metadata.xml <<'PORTICO_METADATA'",
            metadataXML.hasSuffix("\n") ? String(metadataXML.dropLast()) : metadataXML,
            "PORTICO_METADATA",
            "aws iam create-saml-provider --name \(Self.shellQuoted(samlProviderName)) --saml-metadata-document file://portico-metadata.xml",
        ]
        let trust = trustPolicy(federatedPrincipal: .string(providerARN)).text()
        for role in roles {
            lines += [
                "",
                "# \(role.permissionSet.name)",
                "aws iam create-role --role-name \(Self.shellQuoted(role.name))"
                    + " --max-session-duration \(role.permissionSet.sessionDuration.seconds)"
                    + " --description \(Self.shellQuoted(Self.roleDescription(role)))"
                    + " --assume-role-policy-document \(Self.shellQuoted(trust))",
            ]
            for arn in role.permissionSet.managedPolicyARNs {
                lines.append("aws iam attach-role-policy --role-name \(Self.shellQuoted(role.name)) --policy-arn \(Self.shellQuoted(arn))")
            }
            if let inline = Self.inlinePolicyDocument(role.permissionSet) {
                lines.append(
                    "aws iam put-role-policy --role-name \(Self.shellQuoted(role.name)) --policy-name \(Self.shellQuoted(Self.inlinePolicyName(role)))"
                        + " --policy-document \(Self.shellQuoted(inline.text()))")
            }
        }
        return lines.joined(separator: "\n") + "\n"
    }

    // MARK: Pieces

    func trustPolicy(federatedPrincipal: JSONNode) -> JSONNode {
        .object([
            "Version": .string("2012-10-17"),
            "Statement": .array([
                .object([
                    "Effect": .string("Allow"),
                    "Principal": .object(["Federated": federatedPrincipal]),
                    "Action": .strings(["sts:AssumeRoleWithSAML", "sts:TagSession"]),
                    "Condition": .object(["StringEquals": .object(["SAML:aud": .string(signInURL)])]),
                ])
            ]),
        ])
    }

    /// The inline policy as a JSON value; validation guarantees an object, so anything else is left out.
    static func inlinePolicyDocument(_ permissionSet: PermissionSet) -> JSONNode? {
        guard let text = permissionSet.inlinePolicy, let document = try? JSONNode.parse(Array(text.utf8)),
            case .object = document
        else { return nil }
        return document
    }

    static func inlinePolicyName(_ role: Role) -> String { "\(role.permissionSet.name)-inline" }

    /// IAM takes at most 1,000 characters of Latin-1 in a role description, so other characters (a
    /// Japanese description, say) become `?` rather than failing the whole stack.
    static func roleDescription(_ role: Role) -> String {
        let text =
            role.permissionSet.description.isEmpty ? "Portico permission set \(role.permissionSet.name)" : role.permissionSet.description
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
