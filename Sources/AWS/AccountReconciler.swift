import JSON

/// Brings one AWS account's IAM in line with what Portico needs there: reads what exists, plans only what
/// differs, and applies the plan in a safe order.
///
/// Portico's roles are those tagged `portico:managed` = `true`. A role Portico needs whose name is taken by a
/// role without the tag is reported as a conflict and never changed; a tagged role no longer needed is
/// deleted; every other role is never read beyond `ListRoles` and `GetRole`. Roles keep the path the
/// setup gives them (`/`), because sign-in and the CloudFormation template name roles without a path.
/// The SAML provider of the setup's name is Portico's by configuration, tagged or not (accounts set up
/// by hand from the template have an untagged one): its metadata is replaced when it differs.
package struct AccountReconciler: Sendable {
    package var setup: AWSAccountSetup
    package var iam: any IAMOperations
    package var partition: AWSPartition
    /// For a managed policy AWS says does not exist: the closest existing name, given the name after `:policy/`.
    package var suggestManagedPolicy: @Sendable (String) -> String?

    package init(
        setup: AWSAccountSetup, iam: any IAMOperations, partition: AWSPartition = .aws,
        suggestManagedPolicy: @escaping @Sendable (String) -> String? = { _ in nil }
    ) {
        self.setup = setup
        self.iam = iam
        self.partition = partition
        self.suggestManagedPolicy = suggestManagedPolicy
    }

    /// The provider's ARN as roles' trust policies name it.
    package var samlProviderARN: String {
        "arn:\(partition.rawValue):iam::\(setup.accountID):saml-provider/\(setup.samlProviderName)"
    }

    // MARK: Planning

    /// Reads the account and returns the changes that would make it match `setup`. Makes no write call.
    package func plan() throws(AWSCallError) -> ProvisioningPlan {
        var changes = try samlProviderChanges()
        var conflicts: [ProvisioningConflict] = []
        var existing: [String: IAMRole] = [:]
        for role in try iam.listRoles(pathPrefix: nil) { existing[role.name.lowercased()] = role }

        var wanted = Set<String>()
        for role in setup.roles {
            wanted.insert(role.name.lowercased())
            guard existing[role.name.lowercased()] != nil else {
                changes += newRoleChanges(role)
                continue
            }
            guard let current = try iam.getRole(role.name) else {
                changes += newRoleChanges(role)
                continue
            }
            guard current.isManagedByPortico else {
                conflicts.append(
                    ProvisioningConflict(roleName: role.name, existingRoleName: current.name, permissionSet: role.permissionSet?.name))
                continue
            }
            changes += try roleChanges(role, current: current)
        }

        for (key, listed) in existing.sorted(by: { $0.key < $1.key }) where !wanted.contains(key) {
            guard let current = try iam.getRole(listed.name), current.isManagedByPortico else { continue }
            changes += try deletionChanges(current.name)
        }
        return ProvisioningPlan(accountID: setup.accountID, changes: changes, conflicts: conflicts)
    }

    private func samlProviderChanges() throws(AWSCallError) -> [ProvisioningChange] {
        guard setup.needsSAMLProvider else { return [] }
        let suffix = ":saml-provider/\(setup.samlProviderName)"
        guard let arn = try iam.listSAMLProviders().first(where: { $0.hasSuffix(suffix) }),
            let provider = try iam.getSAMLProvider(arn: arn)
        else {
            return [
                ProvisioningChange(
                    .createSAMLProvider(name: setup.samlProviderName, metadataDocument: setup.metadataXML, tags: [IAMTag.managed]),
                    permissionSet: nil, description: "create the SAML provider \(setup.samlProviderName)")
            ]
        }
        guard Self.withoutWhitespace(provider.metadataDocument) != Self.withoutWhitespace(setup.metadataXML) else { return [] }
        return [
            ProvisioningChange(
                .updateSAMLProvider(arn: arn, metadataDocument: setup.metadataXML), permissionSet: nil,
                description: "update the SAML provider's metadata")
        ]
    }

    private func newRoleChanges(_ role: AWSAccountSetup.Role) -> [ProvisioningChange] {
        let set = role.permissionSet?.name
        let definition = IAMRoleDefinition(
            name: role.name, trustPolicy: trustPolicy(role), description: AWSAccountSetup.roleDescription(role),
            maxSessionDuration: role.maxSessionDuration, tags: desiredTags(role))
        var changes = [ProvisioningChange(.createRole(definition), permissionSet: set, description: "create role \(role.name)")]
        for arn in role.permissionSet?.managedPolicyARNs ?? [] {
            changes.append(
                ProvisioningChange(
                    .attachPolicy(roleName: role.name, policyARN: arn), permissionSet: set, description: "attach \(arn) to \(role.name)"))
        }
        for (name, document) in AWSAccountSetup.inlinePolicies(role, partition: setup.partition) {
            changes.append(
                ProvisioningChange(
                    .putInlinePolicy(roleName: role.name, policyName: name, document: document.text()), permissionSet: set,
                    description: "add the inline policy \(name) to \(role.name)"))
        }
        return changes
    }

    private func roleChanges(_ role: AWSAccountSetup.Role, current: IAMRole) throws(AWSCallError) -> [ProvisioningChange] {
        let set = role.permissionSet?.name
        let name = current.name
        var changes: [ProvisioningChange] = []
        let trust = trustPolicy(role)
        if !IAMPolicyDocument.equivalent(trust, current.trustPolicy) {
            changes.append(
                ProvisioningChange(
                    .updateTrustPolicy(roleName: name, document: trust), permissionSet: set,
                    description: "update the trust policy of \(name)"))
        }
        let description = AWSAccountSetup.roleDescription(role)
        let descriptionDiffers = description != (current.description ?? "")
        let durationDiffers = role.maxSessionDuration != current.maxSessionDuration
        if descriptionDiffers || durationDiffers {
            let words =
                switch (descriptionDiffers, durationDiffers) {
                case (true, true): "update the description and the maximum session duration (\(role.maxSessionDuration) seconds) of \(name)"
                case (false, true): "set the maximum session duration of \(name) to \(role.maxSessionDuration) seconds"
                default: "update the description of \(name)"
                }
            changes.append(
                ProvisioningChange(
                    .updateRole(roleName: name, description: description, maxSessionDuration: role.maxSessionDuration), permissionSet: set,
                    description: words))
        }

        let wantedARNs = role.permissionSet?.managedPolicyARNs ?? []
        let attached = try iam.listAttachedRolePolicies(roleName: name).map(\.arn)
        for arn in attached where !wantedARNs.contains(arn) {
            changes.append(
                ProvisioningChange(
                    .detachPolicy(roleName: name, policyARN: arn), permissionSet: set, description: "detach \(arn) from \(name)"))
        }
        for arn in wantedARNs where !attached.contains(arn) {
            changes.append(
                ProvisioningChange(
                    .attachPolicy(roleName: name, policyARN: arn), permissionSet: set, description: "attach \(arn) to \(name)"))
        }

        let wantedInline = AWSAccountSetup.inlinePolicies(role, partition: setup.partition)
        let inlineNames = try iam.listRolePolicies(roleName: name)
        for policy in inlineNames where !wantedInline.contains(where: { $0.0 == policy }) {
            changes.append(
                ProvisioningChange(
                    .deleteInlinePolicy(roleName: name, policyName: policy), permissionSet: set,
                    description: "delete the inline policy \(policy) of \(name)"))
        }
        for (policy, document) in wantedInline {
            let text = document.text()
            if inlineNames.contains(policy) {
                guard let current = try iam.getRolePolicy(roleName: name, policyName: policy), !IAMPolicyDocument.equivalent(text, current)
                else { continue }
                changes.append(
                    ProvisioningChange(
                        .putInlinePolicy(roleName: name, policyName: policy, document: text), permissionSet: set,
                        description: "update the inline policy \(policy) of \(name)"))
            } else {
                changes.append(
                    ProvisioningChange(
                        .putInlinePolicy(roleName: name, policyName: policy, document: text), permissionSet: set,
                        description: "add the inline policy \(policy) to \(name)"))
            }
        }

        let wantedTags = desiredTags(role)
        let missing = wantedTags.filter { !current.tags.contains($0) }
        if !missing.isEmpty {
            changes.append(
                ProvisioningChange(
                    .tagRole(roleName: name, tags: missing), permissionSet: set,
                    description: "tag \(name) with " + missing.map { "\($0.key)=\($0.value)" }.joined(separator: ", ")))
        }
        let extra = current.tags.map(\.key).filter { key in !wantedTags.contains { $0.key == key } }.sorted()
        if !extra.isEmpty {
            changes.append(
                ProvisioningChange(
                    .untagRole(roleName: name, keys: extra), permissionSet: set,
                    description: "remove the tag\(extra.count == 1 ? "" : "s") \(extra.joined(separator: ", ")) from \(name)"))
        }
        return changes
    }

    /// IAM deletes only a role without policies: detach and delete them first.
    private func deletionChanges(_ name: String) throws(AWSCallError) -> [ProvisioningChange] {
        var changes: [ProvisioningChange] = []
        for policy in try iam.listAttachedRolePolicies(roleName: name) {
            changes.append(
                ProvisioningChange(
                    .detachPolicy(roleName: name, policyARN: policy.arn), permissionSet: nil,
                    description: "detach \(policy.arn) from \(name)"))
        }
        for policy in try iam.listRolePolicies(roleName: name) {
            changes.append(
                ProvisioningChange(
                    .deleteInlinePolicy(roleName: name, policyName: policy), permissionSet: nil,
                    description: "delete the inline policy \(policy) of \(name)"))
        }
        changes.append(
            ProvisioningChange(.deleteRole(roleName: name), permissionSet: nil, description: "delete role \(name) (no longer assigned)"))
        return changes
    }

    func trustPolicy(_ role: AWSAccountSetup.Role) -> String {
        setup.trustPolicy(role, federatedPrincipal: .string(samlProviderARN)).text()
    }

    /// The permission set's tags, sorted by key, and `portico:managed` = `true`.
    func desiredTags(_ role: AWSAccountSetup.Role) -> [IAMTag] {
        let tags = (role.permissionSet?.tags ?? [:]).filter { $0.key != IAMTag.managed.key }.sorted { $0.key < $1.key }
        return tags.map { IAMTag(key: $0.key, value: $0.value) } + [IAMTag.managed]
    }

    static func withoutWhitespace(_ text: String) -> String {
        String(text.unicodeScalars.filter { !$0.properties.isWhitespace }.map(Character.init))
    }

    // MARK: Applying

    /// Makes `plan`'s changes in order, stopping at the first one AWS refuses.
    ///
    /// - Returns: the number of changes made, all of them.
    /// - Throws: `ProvisioningFailure` naming the change that failed, AWS's error in plain words, and how many
    ///   changes before it were made.
    @discardableResult
    package func apply(_ plan: ProvisioningPlan) throws(ProvisioningFailure) -> Int {
        for (index, change) in plan.changes.enumerated() {
            do {
                try perform(change.action)
            } catch {
                throw ProvisioningFailure(
                    accountID: plan.accountID, change: change, error: error, appliedCount: index,
                    suggestManagedPolicy: suggestManagedPolicy)
            }
        }
        return plan.changes.count
    }

    private func perform(_ action: ProvisioningChange.Action) throws(AWSCallError) {
        switch action {
        case .createSAMLProvider(let name, let document, let tags):
            _ = try iam.createSAMLProvider(name: name, metadataDocument: document, tags: tags)
        case .updateSAMLProvider(let arn, let document):
            try iam.updateSAMLProvider(arn: arn, metadataDocument: document)
        case .createRole(let definition):
            _ = try iam.createRole(definition)
        case .updateTrustPolicy(let role, let document):
            try iam.updateAssumeRolePolicy(roleName: role, document: document)
        case .updateRole(let role, let description, let duration):
            try iam.updateRole(roleName: role, description: description, maxSessionDuration: duration)
        case .attachPolicy(let role, let arn):
            try iam.attachRolePolicy(roleName: role, policyARN: arn)
        case .detachPolicy(let role, let arn):
            try iam.detachRolePolicy(roleName: role, policyARN: arn)
        case .putInlinePolicy(let role, let name, let document):
            try iam.putRolePolicy(roleName: role, policyName: name, document: document)
        case .deleteInlinePolicy(let role, let name):
            try iam.deleteRolePolicy(roleName: role, policyName: name)
        case .tagRole(let role, let tags):
            try iam.tagRole(roleName: role, tags: tags)
        case .untagRole(let role, let keys):
            try iam.untagRole(roleName: role, keys: keys)
        case .deleteRole(let role):
            try iam.deleteRole(role)
        }
    }
}
