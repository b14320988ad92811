import Domain
import PortalAPI
import Storage
import Web

/// The portal API's operations, each straight from the request to the database and back.
struct PortalAPIEndpoints: Sendable {
    let authentication: Authentication

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
