/// Why `/authorize` refuses a request, split by RFC 6749 §4.1.2.1 into the two answers it allows.
///
/// While the client or its redirect URI is in doubt, sending the browser anywhere would make the portal an
/// open redirector, so those refusals are shown as a page. Once both are known good, every other problem goes
/// back to the client in the redirect, where the CLI prints it.
package enum AuthorizeError: Error, Hashable, Sendable {
    /// RFC 6749 §4.1.2.1's `error` codes that `/authorize` can send back.
    package enum Code: String, Hashable, Sendable {
        case invalidRequest = "invalid_request"
        case unauthorizedClient = "unauthorized_client"
        case accessDenied = "access_denied"
        case unsupportedResponseType = "unsupported_response_type"
        case invalidScope = "invalid_scope"
        case serverError = "server_error"
    }

    /// The client ID or redirect URI is missing, unknown or not registered: show `reason` on an error page, never redirect.
    case cannotRedirect(reason: String)
    /// Send the browser to `location` (the redirect URI with `error`, `error_description` and `state`).
    case redirect(to: LoopbackRedirectURI, code: Code, description: String, state: String?)

    /// The URL to redirect to, or nil when the refusal must be shown as a page.
    package var location: String? {
        switch self {
        case .cannotRedirect: nil
        case .redirect(let uri, let code, let description, let state):
            uri.redirect(error: code.rawValue, description: description, state: state)
        }
    }
}
