import AWS
import Domain
import HTTPClient
import JSON
import Storage
import Web

/// Short-term AWS credentials for one role of a signed-in person: the access-keys panel's and the AWS CLI's.
///
/// Each call decides access from the database (`RoleFederation.decide`, as the console launch does), signs
/// an assertion for that one role, and sends it to STS `AssumeRoleWithSAML` (unsigned: the assertion is the
/// credential, so Portico holds no AWS keys) with `DurationSeconds` the permission set's session duration.
/// The credentials are returned and never stored or logged; the audit event names the role, the client and
/// the signing key, and on failure the reason and STS's error code.
///
/// Blocking: the STS round trip runs on the calling thread, so call it from an offloaded route only.
struct RoleCredentials: Sendable {
    /// The `client` of credentials issued to the portal's access-keys panel.
    static let portalClient = "portal"

    let roles: RoleFederation
    let endpoint: STSEndpoint
    let client: HTTPSClient

    init(roles: RoleFederation, endpoint: STSEndpoint, client: HTTPSClient = HTTPSClient()) {
        self.roles = roles
        self.endpoint = endpoint
        self.client = client
    }

    /// Credentials and what they are for.
    struct Issued: Sendable {
        let credentials: STSCredentials
        let accountID: String
        let roleName: String
        let permissionSetName: String
        /// The `DurationSeconds` asked for: the permission set's session duration.
        let durationSeconds: Int
    }

    /// Issues credentials for `roleName` in `accountID` to `user`.
    ///
    /// - Parameters:
    ///   - authenticatedAt: when the user signed in to Portico (the portal session's or the CLI sign-in's start).
    ///   - client: who asks, for the audit event: nil for the portal's access-keys panel, else the OIDC client's name.
    ///   - request: the request asking, for the audit event's address and request id.
    /// - Throws: `RoleCredentialsError` for a refusal or an STS failure (each audited), or a storage error.
    func credentials(
        for user: User, authenticatedAt: Int64, accountID: String, roleName: String, client: String?, request: Request
    ) throws -> Issued {
        let clientName = client ?? Self.portalClient
        var details: [String: JSONNode] = [
            "account_id": .string(String(accountID.prefix(64))), "role_name": .string(String(roleName.prefix(128))),
            "client": .string(String(clientName.prefix(128))),
        ]
        func fail(_ error: RoleCredentialsError, reason: String? = nil) throws -> Never {
            details["reason"] = .string(reason ?? error.reason)
            if case .refused(let stsError) = error { details["sts_error"] = .string(stsError.code) }
            try audit(user, request: request, outcome: .failure, details: details)
            throw error
        }

        let notHeld = RoleCredentialsError.notHeld(accountID: accountID, roleName: roleName)
        guard Account.isAccountID(accountID) else { try fail(notHeld, reason: "malformed_account_id") }
        let (settings, account) = try roles.authentication.database.read { db in
            (try SettingsStore(db).federation(), try AccountStore(db).find(id: accountID))
        }
        let grant: RoleFederation.Grant
        switch try roles.decide(userID: user.id, accountID: accountID, roleName: roleName, settings: settings) {
        case .granted(let granted): grant = granted
        case .refused(let reason): try fail(notHeld, reason: reason)
        }
        let set = grant.permissionSet
        details["permission_set"] = .string(set.name)
        details["duration"] = .number(Double(set.sessionDuration.seconds))
        if let via = account?.reachedThrough {
            try fail(
                .reachedThroughJumpAccount(
                    accountID: accountID, roleName: roleName, jumpAccountID: via.accountID,
                    jumpRoleName: via.jumpRoleName(forRoleName: roleName)))
        }

        let signed = try roles.signedResponse(for: user, authenticatedAt: authenticatedAt, grant: grant, settings: settings)
        details["signing_key"] = .string(signed.keyID)
        let arns = RoleFederation.arns(for: grant, settings: settings)
        let call: AssumeRoleWithSAMLRequest
        do {
            call = try AssumeRoleWithSAMLRequest(
                roleARN: arns.role, principalARN: arns.provider, signedResponse: signed.xml, durationSeconds: set.sessionDuration.seconds)
        } catch {
            try fail(.invalidRequest(error))
        }

        let answer: OutboundResponse
        do {
            answer = try self.client.send(
                OutboundRequest(
                    method: AssumeRoleWithSAMLRequest.method, url: endpoint.url, headers: call.headers, body: Array(call.body.utf8)))
        } catch {
            try fail(.unreachable(endpoint: endpoint.url, error))
        }
        let response: AssumeRoleWithSAMLResponse
        do {
            response = try AssumeRoleWithSAMLResponse.parse(String(decoding: answer.body, as: UTF8.self))
        } catch .refused(let stsError) {
            try fail(.refused(stsError))
        } catch .unreadableResponse(let reason) {
            try fail(.unreadableResponse(endpoint: endpoint.url, status: answer.status, reason: reason))
        }

        try audit(user, request: request, outcome: .success, details: details)
        return Issued(
            credentials: response.credentials, accountID: accountID, roleName: roleName, permissionSetName: set.name,
            durationSeconds: set.sessionDuration.seconds)
    }

    /// `credentials.issue`, in its own transaction.
    private func audit(_ user: User, request: Request, outcome: AuditEvent.Outcome, details: [String: JSONNode]) throws {
        let authentication = roles.authentication
        try authentication.database.write { db in
            try authentication.audit(
                "credentials.issue", actor: user.email, target: user.id, outcome: outcome, request: request, db: db, details: details)
        }
    }
}
