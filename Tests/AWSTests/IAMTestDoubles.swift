import AWS
import HTTPClient
import Synchronization

/// An HTTP transport that answers from a script, in order, and keeps every request it was sent.
final class ScriptedTransport: AWSHTTPTransport {
    private let state: Mutex<(answers: [Result<OutboundResponse, OutboundError>], requests: [OutboundRequest])>

    init(_ answers: [Result<OutboundResponse, OutboundError>]) {
        state = Mutex((answers, []))
    }

    convenience init(xml bodies: [(status: Int, body: String)]) {
        self.init(bodies.map { .success(OutboundResponse(status: $0.status, headers: [], body: Array($0.body.utf8))) })
    }

    var requests: [OutboundRequest] { state.withLock { $0.requests } }

    /// Each request's form fields, decoded.
    var forms: [[String: String]] {
        requests.map { request in
            var fields: [String: String] = [:]
            for pair in String(decoding: request.body, as: UTF8.self).split(separator: "&") {
                let parts = pair.split(separator: "=", maxSplits: 1, omittingEmptySubsequences: false).map {
                    String($0).removingPercentEncodingForTest
                }
                fields[parts[0]] = parts.count > 1 ? parts[1] : ""
            }
            return fields
        }
    }

    func send(_ request: OutboundRequest) throws(OutboundError) -> OutboundResponse {
        let answer = state.withLock { state -> Result<OutboundResponse, OutboundError> in
            state.requests.append(request)
            guard !state.answers.isEmpty else { return .failure(OutboundError(kind: .other, message: "script exhausted")) }
            return state.answers.removeFirst()
        }
        return try answer.get()
    }
}

extension String {
    fileprivate var removingPercentEncodingForTest: String {
        var bytes: [UInt8] = []
        var iterator = Array(utf8).makeIterator()
        while let byte = iterator.next() {
            if byte == UInt8(ascii: "%"), let high = iterator.next(), let low = iterator.next(),
                let value = UInt8(String(decoding: [high, low], as: UTF8.self), radix: 16)
            {
                bytes.append(value)
            } else {
                bytes.append(byte)
            }
        }
        return String(decoding: bytes, as: UTF8.self)
    }
}

/// Sleeps recorded instead of slept.
final class RecordingSleeper: Sendable {
    private let slept = Mutex<[Duration]>([])
    var durations: [Duration] { slept.withLock { $0 } }
    func sleep(_ duration: Duration) { slept.withLock { $0.append(duration) } }
}

/// IAM in memory: roles with policies and tags, SAML providers; counts write calls.
final class FakeIAM: IAMOperations {
    struct Role {
        var role: IAMRole
        var attached: [String] = []
        var inline: [String: String] = [:]
    }

    struct State {
        var roles: [String: Role] = [:]
        var providers: [String: IAMSAMLProvider] = [:]
        var writes: [String] = []
        var failures: [String: AWSServiceError] = [:]
    }

    let accountID: String
    let state = Mutex(State())

    init(accountID: String = "111122223333") {
        self.accountID = accountID
    }

    var writeCount: Int { state.withLock { $0.writes.count } }
    var writes: [String] { state.withLock { $0.writes } }
    func role(_ name: String) -> Role? { state.withLock { $0.roles[name.lowercased()] } }
    func update(_ body: (inout State) -> Void) { state.withLock { body(&$0) } }

    /// Makes the next call of `action` fail with `code`.
    func fail(_ action: String, code: String, message: String) {
        state.withLock {
            $0.failures[action] = AWSServiceError(action: action, code: code, message: message, status: 400, requestID: "r-1")
        }
    }

    private func write(_ action: String, _ body: (inout State) throws(AWSCallError) -> Void) throws(AWSCallError) {
        try state.withLock { (state: inout State) throws(AWSCallError) -> Void in
            if let failure = state.failures.removeValue(forKey: action) { throw .service(failure) }
            state.writes.append(action)
            try body(&state)
        }
    }

    private func noSuchEntity(_ action: String) -> AWSCallError {
        .service(AWSServiceError(action: action, code: "NoSuchEntity", message: "not found", status: 404, requestID: nil))
    }

    func getRole(_ name: String) throws(AWSCallError) -> IAMRole? { role(name)?.role }
    func listRoles(pathPrefix: String?) throws(AWSCallError) -> [IAMRole] {
        state.withLock {
            $0.roles.values.map {
                var role = $0.role; role.tags = []; return role
            }
        }
    }
    func createRole(_ role: IAMRoleDefinition) throws(AWSCallError) -> IAMRole {
        let created = IAMRole(
            name: role.name, path: role.path, arn: "arn:aws:iam::\(accountID):role/\(role.name)", description: role.description,
            maxSessionDuration: role.maxSessionDuration, trustPolicy: role.trustPolicy, tags: role.tags)
        try write("CreateRole") { (state: inout State) throws(AWSCallError) in
            guard state.roles[role.name.lowercased()] == nil else {
                throw .service(
                    AWSServiceError(action: "CreateRole", code: "EntityAlreadyExists", message: "exists", status: 409, requestID: nil))
            }
            state.roles[role.name.lowercased()] = Role(role: created)
        }
        return created
    }
    func modify(_ action: String, _ name: String, _ body: (inout Role) -> Void) throws(AWSCallError) {
        let missing = noSuchEntity(action)
        try write(action) { (state: inout State) throws(AWSCallError) in
            guard var role = state.roles[name.lowercased()] else { throw missing }
            body(&role)
            state.roles[name.lowercased()] = role
        }
    }
    func updateAssumeRolePolicy(roleName: String, document: String) throws(AWSCallError) {
        try modify("UpdateAssumeRolePolicy", roleName) { $0.role.trustPolicy = document }
    }
    func updateRole(roleName: String, description: String, maxSessionDuration: Int) throws(AWSCallError) {
        try modify("UpdateRole", roleName) {
            $0.role.description = description
            $0.role.maxSessionDuration = maxSessionDuration
        }
    }
    func tagRole(roleName: String, tags: [IAMTag]) throws(AWSCallError) {
        try modify("TagRole", roleName) { role in
            for tag in tags {
                role.role.tags.removeAll { $0.key == tag.key }
                role.role.tags.append(tag)
            }
        }
    }
    func untagRole(roleName: String, keys: [String]) throws(AWSCallError) {
        try modify("UntagRole", roleName) { role in role.role.tags.removeAll { keys.contains($0.key) } }
    }
    func listAttachedRolePolicies(roleName: String) throws(AWSCallError) -> [IAMAttachedPolicy] {
        (role(roleName)?.attached ?? []).map { IAMAttachedPolicy(name: String($0.split(separator: "/").last!), arn: $0) }
    }
    func attachRolePolicy(roleName: String, policyARN: String) throws(AWSCallError) {
        try modify("AttachRolePolicy", roleName) { if !$0.attached.contains(policyARN) { $0.attached.append(policyARN) } }
    }
    func detachRolePolicy(roleName: String, policyARN: String) throws(AWSCallError) {
        try modify("DetachRolePolicy", roleName) { $0.attached.removeAll { $0 == policyARN } }
    }
    func listRolePolicies(roleName: String) throws(AWSCallError) -> [String] {
        (role(roleName)?.inline.keys).map { Array($0).sorted() } ?? []
    }
    func getRolePolicy(roleName: String, policyName: String) throws(AWSCallError) -> String? { role(roleName)?.inline[policyName] }
    func putRolePolicy(roleName: String, policyName: String, document: String) throws(AWSCallError) {
        try modify("PutRolePolicy", roleName) { $0.inline[policyName] = document }
    }
    func deleteRolePolicy(roleName: String, policyName: String) throws(AWSCallError) {
        try modify("DeleteRolePolicy", roleName) { $0.inline[policyName] = nil }
    }
    func deleteRole(_ name: String) throws(AWSCallError) {
        let conflict = AWSCallError.service(
            AWSServiceError(action: "DeleteRole", code: "DeleteConflict", message: "has policies", status: 409, requestID: nil))
        try write("DeleteRole") { (state: inout State) throws(AWSCallError) in
            guard let role = state.roles[name.lowercased()] else { throw noSuchEntity("DeleteRole") }
            guard role.attached.isEmpty, role.inline.isEmpty else { throw conflict }
            state.roles[name.lowercased()] = nil
        }
    }
    func listSAMLProviders() throws(AWSCallError) -> [String] { state.withLock { Array($0.providers.keys) } }
    func getSAMLProvider(arn: String) throws(AWSCallError) -> IAMSAMLProvider? { state.withLock { $0.providers[arn] } }
    func createSAMLProvider(name: String, metadataDocument: String, tags: [IAMTag]) throws(AWSCallError) -> String {
        let arn = "arn:aws:iam::\(accountID):saml-provider/\(name)"
        try write("CreateSAMLProvider") { $0.providers[arn] = IAMSAMLProvider(arn: arn, metadataDocument: metadataDocument, tags: tags) }
        return arn
    }
    func updateSAMLProvider(arn: String, metadataDocument: String) throws(AWSCallError) {
        try write("UpdateSAMLProvider") { $0.providers[arn]?.metadataDocument = metadataDocument }
    }
}
