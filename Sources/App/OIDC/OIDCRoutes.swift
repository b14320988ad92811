import Web

/// `/aws/oidc`: AWS's SSO-OIDC service, as botocore's `sso-oidc` model defines it, for the AWS CLI and SDKs
/// pointed here with `AWS_ENDPOINT_URL_SSO_OIDC` (or a `[services]` section).
///
/// A machine group without a bearer token: a client proves itself with its registered secret inside the
/// body, and a person proves themselves in the browser, on the device page or the consent page at
/// `/aws/oidc/authorize`, which is a browser route (it needs the session cookie) registered with the
/// sign-in pages. Every route writes, so all are offloaded.
enum OIDCRoutes {
    static let prefix = "/aws/oidc"
    /// The largest request body: a registration with every scope and redirect URI it may carry.
    static let maxBodySize = 64 * 1024

    static func register(on router: inout Router, signIn: CLISignIn) {
        let settings = RouteGroup.Settings.machine(name: "sso-oidc", renderError: OIDCFailure.render, maxBodySize: maxBodySize)
        router.group(prefix, settings) { oidc in
            oidc.post("/client/register", options: .offloaded, signIn.register)
            oidc.post("/device_authorization", options: .offloaded, signIn.startDeviceAuthorization)
            oidc.post("/token", options: .offloaded, signIn.createToken)
        }
    }
}
