import Domain
import PortalAPI
import Storage
import Web

/// The portal API's operations, each straight from the request to the database and back.
struct PortalAPIEndpoints: Sendable {
    let authentication: Authentication
    let credentials: RoleCredentials

    private func principal(_ request: Request) throws -> CLIPrincipal {
        guard let principal = request.bearerPrincipal(CLIPrincipal.self) else {
            throw HTTPError(.unauthorized, "This request needs the access token of an AWS CLI sign-in.")
        }
        return principal
    }

    /// `ListAccounts`: the accounts the person holds a role in, by account id, `max_result` at a time.
    func listAccounts(_ request: Request) throws -> HTTPResponse {
        let principal = try principal(request)
        let query = try request.query
        let pageRequest = try Self.pageRequest(query)
        let accounts = try authentication.database.read { try AssignmentStore($0).accessibleAccounts(for: principal.user.id) }
        let page = pageRequest.page(accounts, key: \.id)
        let body = PortalAPIResponse.listAccounts(
            page.items.map { PortalAPIResponse.Account(accountId: $0.id, accountName: $0.name, emailAddress: $0.email) },
            nextToken: page.nextToken)
        return HTTPResponse.json(Array(body.utf8))
    }

    /// `ListAccountRoles`: the roles the person holds in one account, by role name. An account they hold
    /// nothing in lists no roles, whether or not it exists.
    func listAccountRoles(_ request: Request) throws -> HTTPResponse {
        let principal = try principal(request)
        let query = try request.query
        guard let accountID = query["account_id"], !accountID.isEmpty else {
            throw PortalAPIFailure(.invalidRequest("The account_id parameter is required."))
        }
        let pageRequest = try Self.pageRequest(query)
        let (access, pattern) = try authentication.database.read { db in
            (try AssignmentStore(db).effectiveAccess(for: principal.user.id), try SettingsStore(db).federation().roleNamePattern)
        }
        let roles = access.filter { $0.accountID == accountID }.map { pattern.roleName(for: $0.permissionSetName) }.sorted()
        let page = pageRequest.page(roles, key: { $0 })
        let body = PortalAPIResponse.listAccountRoles(
            page.items.map { PortalAPIResponse.Role(roleName: $0, accountId: accountID) }, nextToken: page.nextToken)
        return HTTPResponse.json(Array(body.utf8))
    }

    /// `GetRoleCredentials`: short-term credentials from STS for one role the person holds, never stored.
    /// A role not held and an account that does not exist get the same answer.
    func getRoleCredentials(_ request: Request) throws -> HTTPResponse {
        let principal = try principal(request)
        let query = try request.query
        guard let roleName = query["role_name"], !roleName.isEmpty, let accountID = query["account_id"], !accountID.isEmpty else {
            throw PortalAPIFailure(.invalidRequest("The role_name and account_id parameters are required."))
        }
        let issued: RoleCredentials.Issued
        do {
            issued = try credentials.credentials(
                for: principal.user, authenticatedAt: Int64(principal.session.createdAt), accountID: accountID, roleName: roleName,
                client: principal.session.cliClient?.name, request: request)
        } catch let error as RoleCredentialsError {
            throw PortalAPIFailure(Self.apiError(error))
        }
        let body = PortalAPIResponse.getRoleCredentials(
            PortalAPIResponse.RoleCredentials(
                accessKeyId: issued.credentials.accessKeyID, secretAccessKey: issued.credentials.secretAccessKey,
                sessionToken: issued.credentials.sessionToken, expirationMilliseconds: issued.credentials.expiration * 1000))
        var response = HTTPResponse.json(Array(body.utf8))
        response.headers.replaceOrAdd(name: "Cache-Control", value: "no-store")
        return response
    }

    /// The model's error for a refusal: not held is `ResourceNotFoundException`; what only an admin can fix
    /// (STS refusing, unreachable, a jump account) is an `InvalidRequestException` carrying the fix, which
    /// botocore prints.
    static func apiError(_ error: RoleCredentialsError) -> PortalAPIError {
        switch error {
        case .notHeld: .resourceNotFound(error.description)
        default: .invalidRequest(error.title + ": " + error.description)
        }
    }

    /// `Logout`: ends the CLI session, as `aws sso logout` asks. Offloaded: writes.
    func logout(_ request: Request) throws -> HTTPResponse {
        let principal = try principal(request)
        try authentication.database.write { db in
            guard
                try CLISessionStore(db).end(
                    accessTokenHash: principal.accessTokenHash, by: "logout", now: authentication.clock.epochSeconds)
                    != nil
            else { return }
            try authentication.audit(
                "cli.logout", actor: principal.user.email, target: principal.user.id, request: request, db: db,
                details: ["client": .string(principal.session.cliClient?.name ?? ""), "session_id": .number(Double(principal.session.id))])
        }
        return HTTPResponse(status: .ok)
    }

    private static func pageRequest(_ query: FormData) throws -> PageRequest {
        do {
            return try PageRequest.parse(nextToken: query["next_token"], maxResult: query["max_result"])
        } catch {
            throw PortalAPIFailure(error)
        }
    }
}
