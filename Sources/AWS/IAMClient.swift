import SAML

/// IAM's Query API (version 2010-05-08) as typed calls, each reading IAM's XML answer.
///
/// List calls follow `Marker` until `IsTruncated` is false. Policy documents arrive URL-encoded (RFC 3986)
/// and are returned decoded.
package struct IAMClient: IAMOperations {
    package static let version = "2010-05-08"
    package let query: AWSQueryClient

    /// - Parameter query: a client for `service: "iam"`, `version: IAMClient.version`.
    package init(query: AWSQueryClient) {
        self.query = query
    }

    /// An IAM client at `endpoints.iam`, signing with `credentials`.
    package init(
        endpoints: AWSEndpoints, credentials: @escaping @Sendable () throws(AWSCallError) -> AWSCredentials,
        transport: any AWSHTTPTransport, retry: AWSRetryPolicy = AWSRetryPolicy(), limit: AWSCallLimit = .shared,
        counter: AWSCallCounter = AWSCallCounter()
    ) {
        self.init(
            query: AWSQueryClient(
                endpoint: endpoints.iam, service: "iam", version: Self.version, credentials: credentials, transport: transport,
                retry: retry,
                limit: limit, counter: counter))
    }

    // MARK: Roles

    package func getRole(_ name: String) throws(AWSCallError) -> IAMRole? {
        guard let root = try readIfExists("GetRole", [("RoleName", name)]) else { return nil }
        return try Self.role(try root.result(of: "GetRole").required("Role", action: "GetRole"), action: "GetRole")
    }

    package func listRoles(pathPrefix: String?) throws(AWSCallError) -> [IAMRole] {
        var parameters: [(String, String)] = []
        if let pathPrefix { parameters.append(("PathPrefix", pathPrefix)) }
        var roles: [IAMRole] = []
        for result in try pages("ListRoles", parameters) {
            for member in result.list("Roles") { roles.append(try Self.role(member, action: "ListRoles")) }
        }
        return roles
    }

    package func createRole(_ role: IAMRoleDefinition) throws(AWSCallError) -> IAMRole {
        var parameters = [
            ("RoleName", role.name), ("Path", role.path), ("AssumeRolePolicyDocument", role.trustPolicy), ("Description", role.description),
            ("MaxSessionDuration", String(role.maxSessionDuration)),
        ]
        parameters += Self.tagParameters(role.tags)
        let root = try query.call("CreateRole", parameters, isWrite: true)
        return try Self.role(try root.result(of: "CreateRole").required("Role", action: "CreateRole"), action: "CreateRole")
    }

    package func updateAssumeRolePolicy(roleName: String, document: String) throws(AWSCallError) {
        _ = try query.call("UpdateAssumeRolePolicy", [("RoleName", roleName), ("PolicyDocument", document)], isWrite: true)
    }

    package func updateRole(roleName: String, description: String, maxSessionDuration: Int) throws(AWSCallError) {
        _ = try query.call(
            "UpdateRole", [("RoleName", roleName), ("Description", description), ("MaxSessionDuration", String(maxSessionDuration))],
            isWrite: true)
    }

    package func tagRole(roleName: String, tags: [IAMTag]) throws(AWSCallError) {
        _ = try query.call("TagRole", [("RoleName", roleName)] + Self.tagParameters(tags), isWrite: true)
    }

    package func untagRole(roleName: String, keys: [String]) throws(AWSCallError) {
        let parameters = keys.enumerated().map { ("TagKeys.member.\($0.offset + 1)", $0.element) }
        _ = try query.call("UntagRole", [("RoleName", roleName)] + parameters, isWrite: true)
    }

    package func deleteRole(_ name: String) throws(AWSCallError) {
        _ = try query.call("DeleteRole", [("RoleName", name)], isWrite: true)
    }

    // MARK: Role policies

    package func listAttachedRolePolicies(roleName: String) throws(AWSCallError) -> [IAMAttachedPolicy] {
        var policies: [IAMAttachedPolicy] = []
        for result in try pages("ListAttachedRolePolicies", [("RoleName", roleName)]) {
            for member in result.list("AttachedPolicies") {
                policies.append(
                    IAMAttachedPolicy(
                        name: member.text(of: "PolicyName") ?? "",
                        arn: try member.requiredText(of: "PolicyArn", action: "ListAttachedRolePolicies")))
            }
        }
        return policies
    }

    package func attachRolePolicy(roleName: String, policyARN: String) throws(AWSCallError) {
        _ = try query.call("AttachRolePolicy", [("RoleName", roleName), ("PolicyArn", policyARN)], isWrite: true)
    }

    package func detachRolePolicy(roleName: String, policyARN: String) throws(AWSCallError) {
        _ = try query.call("DetachRolePolicy", [("RoleName", roleName), ("PolicyArn", policyARN)], isWrite: true)
    }

    package func listRolePolicies(roleName: String) throws(AWSCallError) -> [String] {
        var names: [String] = []
        for result in try pages("ListRolePolicies", [("RoleName", roleName)]) {
            names += result.list("PolicyNames").compactMap(\.text)
        }
        return names
    }

    package func getRolePolicy(roleName: String, policyName: String) throws(AWSCallError) -> String? {
        guard let root = try readIfExists("GetRolePolicy", [("RoleName", roleName), ("PolicyName", policyName)]) else { return nil }
        let document = try root.result(of: "GetRolePolicy").requiredText(of: "PolicyDocument", action: "GetRolePolicy")
        return URLDecoding.decode(document)
    }

    package func putRolePolicy(roleName: String, policyName: String, document: String) throws(AWSCallError) {
        _ = try query.call(
            "PutRolePolicy", [("RoleName", roleName), ("PolicyName", policyName), ("PolicyDocument", document)], isWrite: true)
    }

    package func deleteRolePolicy(roleName: String, policyName: String) throws(AWSCallError) {
        _ = try query.call("DeleteRolePolicy", [("RoleName", roleName), ("PolicyName", policyName)], isWrite: true)
    }

    // MARK: SAML providers

    package func listSAMLProviders() throws(AWSCallError) -> [String] {
        let root = try query.call("ListSAMLProviders", isWrite: false)
        return try root.result(of: "ListSAMLProviders").list("SAMLProviderList").compactMap { $0.text(of: "Arn") }
    }

    package func getSAMLProvider(arn: String) throws(AWSCallError) -> IAMSAMLProvider? {
        guard let root = try readIfExists("GetSAMLProvider", [("SAMLProviderArn", arn)]) else { return nil }
        let result = try root.result(of: "GetSAMLProvider")
        return IAMSAMLProvider(
            arn: arn, metadataDocument: try result.requiredText(of: "SAMLMetadataDocument", action: "GetSAMLProvider"),
            tags: Self.tags(result))
    }

    package func createSAMLProvider(name: String, metadataDocument: String, tags: [IAMTag]) throws(AWSCallError) -> String {
        let root = try query.call(
            "CreateSAMLProvider", [("Name", name), ("SAMLMetadataDocument", metadataDocument)] + Self.tagParameters(tags), isWrite: true)
        return try root.result(of: "CreateSAMLProvider").requiredText(of: "SAMLProviderArn", action: "CreateSAMLProvider")
    }

    package func updateSAMLProvider(arn: String, metadataDocument: String) throws(AWSCallError) {
        _ = try query.call("UpdateSAMLProvider", [("SAMLProviderArn", arn), ("SAMLMetadataDocument", metadataDocument)], isWrite: true)
    }

    // MARK: Reading

    /// The response, or nil when IAM answers `NoSuchEntity`.
    private func readIfExists(_ action: String, _ parameters: [(String, String)]) throws(AWSCallError) -> PlainXMLElement? {
        do {
            return try query.call(action, parameters, isWrite: false)
        } catch .service(let error) where error.code == "NoSuchEntity" {
            return nil
        }
    }

    /// Every page's `<ActionResult>`, following `Marker` while `IsTruncated` is true.
    private func pages(_ action: String, _ parameters: [(String, String)]) throws(AWSCallError) -> [PlainXMLElement] {
        var results: [PlainXMLElement] = []
        var marker: String?
        repeat {
            var page = parameters + [("MaxItems", "1000")]
            if let marker { page.append(("Marker", marker)) }
            let result = try query.call(action, page, isWrite: false).result(of: action)
            results.append(result)
            marker = result.text(of: "IsTruncated") == "true" ? result.text(of: "Marker") : nil
        } while marker != nil
        return results
    }

    static func role(_ element: PlainXMLElement, action: String) throws(AWSCallError) -> IAMRole {
        let duration = element.text(of: "MaxSessionDuration").flatMap { Int($0) } ?? 3600
        return IAMRole(
            name: try element.requiredText(of: "RoleName", action: action), path: element.text(of: "Path") ?? "/",
            arn: try element.requiredText(of: "Arn", action: action), description: element.text(of: "Description"),
            maxSessionDuration: duration, trustPolicy: URLDecoding.decode(element.text(of: "AssumeRolePolicyDocument") ?? ""),
            tags: tags(element))
    }

    static func tags(_ element: PlainXMLElement) -> [IAMTag] {
        element.list("Tags").compactMap { member in
            guard let key = member.text(of: "Key") else { return nil }
            return IAMTag(key: key, value: member.text(of: "Value") ?? "")
        }
    }

    static func tagParameters(_ tags: [IAMTag]) -> [(String, String)] {
        tags.enumerated().flatMap { index, tag in
            [("Tags.member.\(index + 1).Key", tag.key), ("Tags.member.\(index + 1).Value", tag.value)]
        }
    }
}
