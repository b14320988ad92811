import Web

/// `/aws/portal`: AWS's SSO portal API (botocore's `sso` model), which the AWS CLI and SDKs call with the
/// access token of a CLI session to list accounts and roles and to get a role's credentials.
///
/// A machine group whose bearer token travels in `x-amz-sso_bearer_token` (`CLITokenAuthenticator`), with
/// the model's errors. What a person may use is read from the database on every call, exactly as the
/// portal's tiles and console launches read it.
enum PortalAPIRoutes {
    static let prefix = "/aws/portal"

    static func register(on router: inout Router, authentication: Authentication, credentials: RoleCredentials) {
        let settings = RouteGroup.Settings.machine(
            name: "sso-portal", authenticator: CLITokenAuthenticator(authentication: authentication),
            renderError: PortalAPIFailure.render)
        let endpoints = PortalAPIEndpoints(authentication: authentication, credentials: credentials)
        router.group(prefix, settings) { portal in
            portal.get("/assignment/accounts", endpoints.listAccounts)
            portal.get("/assignment/roles", endpoints.listAccountRoles)
            // Signs an assertion and waits on STS: the worker pool
            portal.get("/federation/credentials", options: .offloaded, endpoints.getRoleCredentials)
            portal.post("/logout", options: .offloaded, endpoints.logout)
        }
    }
}
