import Web

/// `/aws/portal`: AWS's SSO portal API (botocore's `sso` model), which the AWS CLI and SDKs call with the
/// access token of a CLI session to list accounts and roles and to get a role's credentials.
///
/// A machine group whose bearer token travels in `x-amz-sso_bearer_token` (`CLITokenAuthenticator`), with
/// the model's errors. What a person may use is read from the database on every call, exactly as the
/// portal's tiles and console launches read it.
enum PortalAPIRoutes {
    static let prefix = "/aws/portal"

    static func register(on router: inout Router, authentication: Authentication) {
        let settings = RouteGroup.Settings.machine(
            name: "sso-portal", authenticator: CLITokenAuthenticator(authentication: authentication),
            renderError: PortalAPIFailure.render)
        let endpoints = PortalAPIEndpoints(authentication: authentication)
        router.group(prefix, settings) { portal in
            portal.get("/assignment/accounts", endpoints.listAccounts)
            portal.get("/assignment/roles", endpoints.listAccountRoles)
            portal.post("/logout", options: .offloaded, endpoints.logout)
        }
    }
}
