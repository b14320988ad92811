import AWS
import Domain
import Testing

/// The reconciler against an in-memory IAM: what it plans, what it changes, and what it leaves alone.
struct AccountReconcilerTests {
    static let metadata = "<md:EntityDescriptor entityID=\"https://portico.example/saml/metadata\">\n  <x/>\n</md:EntityDescriptor>\n"
    static let inline = #"{"Version":"2012-10-17","Statement":[{"Effect":"Deny","Action":["iam:*"],"Resource":"*"}]}"#

    static func setup(_ sets: [PermissionSet], metadata: String = metadata) -> AWSAccountSetup {
        AWSAccountSetup(
            accountID: "111122223333", accountName: "prod", samlProviderName: "Portico", metadataXML: metadata,
            signInURL: "https://signin.aws.amazon.com/saml", roles: sets.map { AWSAccountSetup.Role(name: $0.name, permissionSet: $0) })
    }

    static let readOnly = PermissionSet(
        name: "ReadOnly", sessionDuration: ISODuration(seconds: 28_800), managedPolicyARNs: ["arn:aws:iam::aws:policy/ReadOnlyAccess"],
        tags: ["team": "platform"])
    static let admin = PermissionSet(
        name: "Admin", description: "Administrators", managedPolicyARNs: ["arn:aws:iam::aws:policy/AdministratorAccess"],
        inlinePolicy: inline)

    static func reconciled(_ sets: [PermissionSet], iam: FakeIAM = FakeIAM()) throws -> FakeIAM {
        let reconciler = AccountReconciler(setup: setup(sets), iam: iam)
        try reconciler.apply(try reconciler.plan())
        return iam
    }

    @Test func createsTheProviderAndRolesFromNothing() throws {
        let iam = FakeIAM()
        let reconciler = AccountReconciler(setup: Self.setup([Self.readOnly, Self.admin]), iam: iam)
        let plan = try reconciler.plan()
        #expect(
            plan.lines == [
                "create the SAML provider Portico",
                "create role Admin",
                "attach arn:aws:iam::aws:policy/AdministratorAccess to Admin",
                "add the inline policy Admin-inline to Admin",
                "create role ReadOnly",
                "attach arn:aws:iam::aws:policy/ReadOnlyAccess to ReadOnly",
            ])
        #expect(iam.writeCount == 0)
        #expect(try reconciler.apply(plan) == 6)
        let role = try #require(iam.role("ReadOnly"))
        #expect(role.role.maxSessionDuration == 28_800)
        #expect(role.role.tags == [IAMTag(key: "team", value: "platform"), .managed])
        #expect(role.role.trustPolicy.contains("arn:aws:iam::111122223333:saml-provider/Portico"))
        #expect(role.attached == ["arn:aws:iam::aws:policy/ReadOnlyAccess"])
        #expect(iam.role("Admin")?.inline["Admin-inline"].map { IAMPolicyDocument.equivalent($0, Self.inline) } == true)
        #expect(try reconciler.plan().isEmpty)
        #expect(iam.writeCount == 6)
    }

    @Test func updatesAChangedInlinePolicyOnly() throws {
        let iam = try Self.reconciled([Self.admin])
        var changed = Self.admin
        changed.inlinePolicy = #"{"Version":"2012-10-17","Statement":[{"Effect":"Deny","Action":"s3:*","Resource":"*"}]}"#
        let reconciler = AccountReconciler(setup: Self.setup([changed]), iam: iam)
        let plan = try reconciler.plan()
        #expect(plan.lines == ["update the inline policy Admin-inline of Admin"])
        #expect(plan.changes[0].permissionSet == "Admin")
        try reconciler.apply(plan)
        #expect(try reconciler.plan().isEmpty)
    }

    @Test func deletesTheRoleOfAnUnassignedSetAfterItsPolicies() throws {
        let iam = try Self.reconciled([Self.readOnly, Self.admin])
        let reconciler = AccountReconciler(setup: Self.setup([Self.readOnly]), iam: iam)
        let plan = try reconciler.plan()
        #expect(
            plan.lines == [
                "detach arn:aws:iam::aws:policy/AdministratorAccess from Admin",
                "delete the inline policy Admin-inline of Admin",
                "delete role Admin (no longer assigned)",
            ])
        try reconciler.apply(plan)
        #expect(iam.role("Admin") == nil && iam.role("ReadOnly") != nil)
        #expect(try reconciler.plan().isEmpty)
    }

    @Test func leavesAnUntaggedRoleOfTheSameNameAloneAndReportsIt() throws {
        let iam = FakeIAM()
        let theirs = IAMRole(
            name: "readonly", arn: "arn:aws:iam::111122223333:role/readonly", trustPolicy: "{}", tags: [IAMTag(key: "owner", value: "ops")])
        let other = IAMRole(name: "Ops", arn: "arn:aws:iam::111122223333:role/Ops", trustPolicy: "{}")
        iam.update {
            $0.roles["readonly"] = FakeIAM.Role(role: theirs, attached: ["arn:aws:iam::aws:policy/PowerUserAccess"])
            $0.roles["ops"] = FakeIAM.Role(role: other)
        }
        let reconciler = AccountReconciler(setup: Self.setup([Self.readOnly]), iam: iam)
        let plan = try reconciler.plan()
        #expect(plan.lines.first == "create the SAML provider Portico")
        #expect(plan.changes.count == 1)
        #expect(plan.conflicts == [ProvisioningConflict(roleName: "ReadOnly", existingRoleName: "readonly", permissionSet: "ReadOnly")])
        try reconciler.apply(plan)
        #expect(iam.role("readonly")?.role == theirs && iam.role("readonly")?.attached == ["arn:aws:iam::aws:policy/PowerUserAccess"])
        #expect(iam.role("Ops")?.role == other)
    }

    @Test func repairsDrift() throws {
        let iam = try Self.reconciled([Self.readOnly, Self.admin])
        iam.update {
            $0.roles["readonly"]?.attached = []
            $0.roles["admin"]?.role.trustPolicy = #"{"Version":"2012-10-17","Statement":[]}"#
            $0.roles["admin"]?.role.maxSessionDuration = 7_200
            $0.roles["admin"]?.role.tags.append(IAMTag(key: "extra", value: "1"))
            $0.roles["readonly"]?.inline["handmade"] = "{}"
            $0.providers["arn:aws:iam::111122223333:saml-provider/Portico"]?.metadataDocument = "<old/>"
        }
        let reconciler = AccountReconciler(setup: Self.setup([Self.readOnly, Self.admin]), iam: iam)
        let plan = try reconciler.plan()
        #expect(
            plan.lines == [
                "update the SAML provider's metadata",
                "update the trust policy of Admin",
                "set the maximum session duration of Admin to 3600 seconds",
                "remove the tag extra from Admin",
                "attach arn:aws:iam::aws:policy/ReadOnlyAccess to ReadOnly",
                "delete the inline policy handmade of ReadOnly",
            ])
        try reconciler.apply(plan)
        let writes = iam.writeCount
        #expect(try reconciler.plan().isEmpty)
        #expect(iam.writeCount == writes)
    }

    @Test func metadataDifferingOnlyInWhitespaceIsTheSame() throws {
        let iam = try Self.reconciled([Self.readOnly])
        let reflowed = Self.metadata.replacing("\n  ", with: "")
        #expect(try AccountReconciler(setup: Self.setup([Self.readOnly], metadata: reflowed), iam: iam).plan().isEmpty)
    }

    @Test func policiesCompareByMeaning() {
        #expect(
            IAMPolicyDocument.equivalent(
                #"{"Statement":[{"Action":["s3:GetObject"],"Effect":"Allow"}],"Version":"2012-10-17"}"#,
                #"{"Version":"2012-10-17","Statement":{"Effect":"Allow","Action":"s3:GetObject"}}"#))
        #expect(IAMPolicyDocument.equivalent(#"{"Action":["b","a"]}"#, #"{"Action":["a","b"]}"#))
        #expect(!IAMPolicyDocument.equivalent(#"{"Action":"a"}"#, #"{"Action":"b"}"#))
    }

    @Test func stopsAtTheFirstFailureAndExplainsAMisspeltManagedPolicy() throws {
        var typo = Self.readOnly
        typo.managedPolicyARNs = ["arn:aws:iam::aws:policy/AdministratorAcess"]
        let iam = FakeIAM()
        iam.fail(
            "AttachRolePolicy", code: "NoSuchEntity",
            message: "Policy arn:aws:iam::aws:policy/AdministratorAcess does not exist or is not attachable.")
        let reconciler = AccountReconciler(
            setup: Self.setup([typo]), iam: iam, suggestManagedPolicy: { $0 == "AdministratorAcess" ? "AdministratorAccess" : nil })
        let plan = try reconciler.plan()
        #expect {
            try reconciler.apply(plan)
        } throws: { error in
            guard let failure = error as? ProvisioningFailure else { return false }
            return failure.change.description == "attach arn:aws:iam::aws:policy/AdministratorAcess to ReadOnly"
                && failure.message == "arn:aws:iam::aws:policy/AdministratorAcess does not exist; did you mean AdministratorAccess?"
                && failure.appliedCount == 2
        }
        #expect(iam.writes == ["CreateSAMLProvider", "CreateRole"])
    }

    @Test func explainsOtherRefusals() {
        func explain(_ code: String, _ action: ProvisioningChange.Action, message: String = "m") -> String {
            let change = ProvisioningChange(action, permissionSet: nil, description: "")
            let error = AWSCallError.service(
                AWSServiceError(action: Self.actionName(action), code: code, message: message, status: 400, requestID: nil))
            return ProvisioningFailure.explain(error, change: change, suggestManagedPolicy: { _ in nil })
        }
        #expect(
            explain(
                "MalformedPolicyDocument", .putInlinePolicy(roleName: "Admin", policyName: "Admin-inline", document: "{}"),
                message: "Syntax errors in policy.")
                == "AWS refused the inline policy Admin-inline of role Admin as malformed: Syntax errors in policy.")
        #expect(explain("AccessDenied", .deleteRole(roleName: "A")).hasPrefix("the provisioning role lacks the permission iam:DeleteRole"))
        #expect(explain("LimitExceeded", .attachPolicy(roleName: "A", policyARN: "p")).contains("managed policies per role"))
        #expect(
            explain(
                "EntityAlreadyExists",
                .createRole(IAMRoleDefinition(name: "A", trustPolicy: "{}", description: "", maxSessionDuration: 3600, tags: []))
            )
            .hasPrefix("role A already exists and was not created by Portico"))
    }

    static func actionName(_ action: ProvisioningChange.Action) -> String {
        switch action {
        case .putInlinePolicy: "PutRolePolicy"
        case .deleteRole: "DeleteRole"
        case .attachPolicy: "AttachRolePolicy"
        default: "CreateRole"
        }
    }
}
