import JSON

/// The one-time setup that lets Portico keep member accounts in sync itself (issue 18): the IAM role Portico
/// assumes in each account, as a CloudFormation template for a StackSet rolled out to an OU, or as AWS CLI
/// commands for one account.
///
/// The role may do exactly what the reconciler does and nothing more. It reads every role (to find name
/// clashes and drift), but changes and deletes only roles tagged `portico:managed` = `true`, and creates a
/// role only with that tag; it reads and writes only the SAML provider named by `saml_provider_name`. It is
/// not granted `iam:PassRole`, and it cannot change itself: it carries `portico:bootstrap`, not
/// `portico:managed`, so the reconciler never counts it among the roles it may delete, and an explicit deny
/// keeps it from tagging itself into that set.
///
/// A caveat the tag conditions cannot remove: the reconciler attaches whatever managed policies a permission
/// set names, so a role that may create roles and attach policies to them is as strong as the strongest
/// permission set. The conditions keep Portico off the roles people made themselves; they do not make
/// Portico's credentials less precious.
package struct ProvisioningBootstrap: Sendable {
    /// The tag key that marks a role as Portico's to change and delete.
    package static let managedTagKey = "portico:managed"
    /// The tag the bootstrap role carries instead, so that people can find it.
    package static let bootstrapTagKey = "portico:bootstrap"
    /// The name of the role's inline policy.
    package static let policyName = "portico-provisioning"
    /// An hour: Portico assumes the role for one reconcile, and renews when it needs to.
    package static let maxSessionDuration = 3_600

    /// IAM role actions that only read, allowed on every role of the account.
    package static let roleReadActions = [
        "iam:GetRole", "iam:GetRolePolicy", "iam:ListAttachedRolePolicies", "iam:ListRolePolicies", "iam:ListRoleTags",
    ]
    /// IAM role actions that change or delete a role, allowed only on roles tagged `portico:managed` = `true`.
    package static let roleWriteActions = [
        "iam:AttachRolePolicy", "iam:DeleteRole", "iam:DeleteRolePolicy", "iam:DetachRolePolicy", "iam:PutRolePolicy",
        "iam:TagRole", "iam:UntagRole", "iam:UpdateAssumeRolePolicy", "iam:UpdateRole",
    ]
    /// The SAML provider actions, allowed on the one provider Portico names.
    package static let samlProviderActions = [
        "iam:CreateSAMLProvider", "iam:GetSAMLProvider", "iam:TagSAMLProvider", "iam:UpdateSAMLProvider",
    ]
    /// Listing takes no resource: allowed on `*`.
    package static let listActions = ["iam:ListRoles", "iam:ListSAMLProviders"]

    /// The role Portico assumes in each account (`provisioning_role_name`).
    package var roleName: String
    /// The SAML provider Portico keeps in each account (`saml_provider_name`).
    package var samlProviderName: String
    /// `aws`, `aws-us-gov` or `aws-cn`: the partition the principal's ARN and the script's ARNs are in.
    package var partition: String

    package init(roleName: String, samlProviderName: String, partition: String) {
        self.roleName = roleName
        self.samlProviderName = samlProviderName
        self.partition = partition
    }

    /// The partition of an AWS sign-in host (`aws_signin_url`'s), regional subdomains included.
    package static func partition(forSignInHost host: String) -> String {
        func within(_ domain: String) -> Bool { host == domain || host.hasSuffix("." + domain) }
        if within("signin.amazonaws-us-gov.com") { return "aws-us-gov" }
        if within("signin.amazonaws.cn") { return "aws-cn" }
        return "aws"
    }

    // MARK: CloudFormation

    /// The CloudFormation template (JSON) for a service-managed StackSet: one parameter, the ARN Portico runs
    /// as, and the role trusting it with its inline policy.
    package func cloudFormationTemplate() -> String {
        let principal = JSONNode.object(["Ref": .string("PorticoPrincipalArn")])
        let role: JSONNode = .object([
            "Type": .string("AWS::IAM::Role"),
            "Properties": .object([
                "RoleName": .string(roleName),
                "Description": .string(roleDescription),
                "MaxSessionDuration": .number(Double(Self.maxSessionDuration)),
                "AssumeRolePolicyDocument": trustPolicy(principal: principal),
                "Policies": .array([
                    .object([
                        "PolicyName": .string(Self.policyName),
                        "PolicyDocument": permissionPolicy(arnPrefix: {
                            .object(["Fn::Sub": .string("arn:${AWS::Partition}:iam::${AWS::AccountId}:\($0)")])
                        }),
                    ])
                ]),
                "Tags": .array([.object(["Key": .string(Self.bootstrapTagKey), "Value": .string("true")])]),
            ]),
        ])
        let template: JSONNode = .object([
            "AWSTemplateFormatVersion": .string("2010-09-09"),
            "Description": .string(
                "Portico provisioning role \(roleName): lets Portico keep its SAML provider \(samlProviderName) and the roles it "
                    + "creates (tagged portico:managed=true) in sync in this account. Deploy as a CloudFormation StackSet with "
                    + "service-managed permissions from the management account to an OU; PorticoPrincipalArn is the role or "
                    + "user Portico runs as."),
            "Parameters": .object([
                "PorticoPrincipalArn": .object([
                    "Type": .string("String"),
                    "Description": .string(
                        "ARN of the IAM role or user Portico runs as, e.g. arn:\(partition):iam::123456789012:role/portico"),
                    "AllowedPattern": .string(principalPattern),
                    "ConstraintDescription": .string("must be an IAM role or user ARN in partition \(partition)"),
                ])
            ]),
            "Resources": .object(["ProvisioningRole": role]),
            "Outputs": .object([
                "ProvisioningRoleArn": .object(["Value": .object(["Fn::GetAtt": .strings(["ProvisioningRole", "Arn"])])])
            ]),
        ])
        return template.text(pretty: true) + "\n"
    }

    /// An IAM role or user ARN of the partition, paths allowed (the characters IAM allows in names and paths).
    var principalPattern: String {
        "^arn:\(partition):iam::[0-9]{12}:(role|user)/[A-Za-z0-9+=,.@_/-]+$"
    }

    private var roleDescription: String {
        "Portico provisioning: manages the SAML provider \(samlProviderName) and roles tagged portico:managed=true"
    }

    // MARK: Policies

    /// Who may assume the role: exactly Portico's principal.
    func trustPolicy(principal: JSONNode) -> JSONNode {
        .object([
            "Version": .string("2012-10-17"),
            "Statement": .array([
                .object([
                    "Effect": .string("Allow"), "Principal": .object(["AWS": principal]), "Action": .string("sts:AssumeRole"),
                ])
            ]),
        ])
    }

    /// The role's inline policy; `arnPrefix` turns `role/*` into a full ARN (a `Fn::Sub` in the template, a
    /// literal in the script).
    ///
    /// `iam:TagRole` is allowed twice over: on a managed role for any tag (the reconciler brings a permission
    /// set's tags up to date), and with the `portico:managed` request tag, which IAM asks for when `CreateRole`
    /// carries tags. The second would let Portico adopt a role by tagging it, which is why the role denies
    /// itself every change.
    func permissionPolicy(arnPrefix: (String) -> JSONNode) -> JSONNode {
        let roles = arnPrefix("role/*")
        let managed = "aws:ResourceTag/\(Self.managedTagKey)"
        let requested = "aws:RequestTag/\(Self.managedTagKey)"
        func statement(_ sid: String, _ effect: String, _ actions: [String], _ resource: JSONNode, _ condition: JSONNode? = nil) -> JSONNode
        {
            var members: [String: JSONNode] = [
                "Sid": .string(sid), "Effect": .string(effect), "Action": .strings(actions), "Resource": resource,
            ]
            if let condition { members["Condition"] = condition }
            return .object(members)
        }
        return .object([
            "Version": .string("2012-10-17"),
            "Statement": .array([
                statement("List", "Allow", Self.listActions, .string("*")),
                statement("ReadRoles", "Allow", Self.roleReadActions, roles),
                statement(
                    "CreateManagedRoles", "Allow", ["iam:CreateRole"], roles,
                    .object([
                        "StringEquals": .object([requested: .string("true")]),
                        "ForAnyValue:StringEquals": .object(["aws:TagKeys": .string(Self.managedTagKey)]),
                    ])),
                statement(
                    "TagRolesAsManaged", "Allow", ["iam:TagRole"], roles, .object(["StringEquals": .object([requested: .string("true")])])),
                statement(
                    "ChangeManagedRoles", "Allow", Self.roleWriteActions, roles,
                    .object(["StringEquals": .object([managed: .string("true")])])
                ),
                statement("SAMLProvider", "Allow", Self.samlProviderActions, arnPrefix("saml-provider/\(samlProviderName)")),
                statement("NotItself", "Deny", Self.roleWriteActions, arnPrefix("role/\(roleName)")),
            ]),
        ])
    }

    // MARK: AWS CLI

    /// The same role as a POSIX shell script for one account, run with that account's credentials and the
    /// principal's ARN as `$1`. It creates the role or brings an existing one up to date, so running it again
    /// changes nothing and fails on nothing.
    package func cliCommands() -> String {
        let accountMarker = "PORTICO_ACCOUNT_ID"
        let policy = permissionPolicy(arnPrefix: { .string("arn:\(partition):iam::\(accountMarker):\($0)") }).text()
        // The account id is only known when the script runs: each piece around it is quoted, the id spliced between.
        let policyWord = policy.split(separator: accountMarker, omittingEmptySubsequences: false)
            .map { AWSAccountSetup.shellQuoted(String($0)) }.joined(separator: "\"$account\"")
        let principalMarker = "PORTICO_PRINCIPAL_ARN"
        let trustWord = trustPolicy(principal: .string(principalMarker)).text().split(
            separator: principalMarker, omittingEmptySubsequences: false
        )
        .map { AWSAccountSetup.shellQuoted(String($0)) }.joined(separator: "\"$principal\"")
        let role = AWSAccountSetup.shellQuoted(roleName)
        let description = AWSAccountSetup.shellQuoted(roleDescription)
        let tags = AWSAccountSetup.shellQuoted("Key=\(Self.bootstrapTagKey),Value=true")
        let lines = [
            "#!/bin/sh",
            "# Portico provisioning role \(roleName) for one AWS account: run with IAM rights in that account.",
            "# Usage: sh portico-provisioning-bootstrap.sh arn:\(partition):iam::<account>:role/<the role Portico runs as>",
            "# Creates the role, or brings an existing one up to date: running it again changes nothing.",
            "set -eu",
            "",
            "if [ $# -ne 1 ]; then",
            "  echo \"usage: $0 PORTICO_PRINCIPAL_ARN\" >&2",
            "  exit 2",
            "fi",
            "principal=$1",
            "case $principal in",
            "  *[!A-Za-z0-9+=,.@_/:-]*) echo \"not an IAM ARN: $principal\" >&2; exit 2 ;;",
            "  arn:\(partition):iam::[0-9][0-9][0-9][0-9][0-9][0-9][0-9][0-9][0-9][0-9][0-9][0-9]:role/?* | "
                + "arn:\(partition):iam::[0-9][0-9][0-9][0-9][0-9][0-9][0-9][0-9][0-9][0-9][0-9][0-9]:user/?*) ;;",
            "  *) echo \"not an IAM role or user ARN in partition \(partition): $principal\" >&2; exit 2 ;;",
            "esac",
            "account=$(aws sts get-caller-identity --query Account --output text)",
            "case $account in",
            "  [0-9][0-9][0-9][0-9][0-9][0-9][0-9][0-9][0-9][0-9][0-9][0-9]) ;;",
            "  *) echo \"unexpected account id: $account\" >&2; exit 1 ;;",
            "esac",
            "",
            "trust=\(trustWord)",
            "if aws iam get-role --role-name \(role) >/dev/null 2>&1; then",
            "  aws iam update-assume-role-policy --role-name \(role) --policy-document \"$trust\"",
            "  aws iam update-role --role-name \(role) --max-session-duration \(Self.maxSessionDuration) --description \(description)",
            "  aws iam tag-role --role-name \(role) --tags \(tags)",
            "else",
            "  aws iam create-role --role-name \(role) --max-session-duration \(Self.maxSessionDuration) --description \(description)"
                + " --assume-role-policy-document \"$trust\" --tags \(tags)",
            "fi",
            "aws iam put-role-policy --role-name \(role) --policy-name \(AWSAccountSetup.shellQuoted(Self.policyName))"
                + " --policy-document \(policyWord)",
            "printf '%s\\n' \"arn:\(partition):iam::${account}:role/\"\(role)",
        ]
        return lines.joined(separator: "\n") + "\n"
    }
}
