/// `GET /authorize`: the browser step of `aws sso login` with PKCE (RFC 6749 §4.1.1, RFC 7636 §4.3).
///
/// botocore's `SSOTokenFetcherAuth` sends `response_type=code`, `client_id`, `redirect_uri` (with the port it
/// listens on), `state` (a UUID), `code_challenge_method=S256`, `code_challenge` and `scopes`, space-joined:
/// note the plural, where RFC 6749 says `scope`; both are read. The client and redirect URI are checked first,
/// against what the client registered, so that nothing is redirected before they are known good.
package struct AuthorizeRequest: Hashable, Sendable {
    package static let maximumStateLength = 512

    package let clientId: String
    /// The URI to send the code to, with the request's port; it matched one the client registered.
    package let redirectURI: LoopbackRedirectURI
    package let state: String
    /// The S256 challenge to keep with the code, for `PKCE.verify` when it is redeemed.
    package let codeChallenge: String
    package let scopes: [String]

    /// Reads a decoded query. `registeredRedirectURIs` returns the redirect URIs registered for a client ID, or
    /// nil when there is no such client (or it may not use this grant).
    package static func parse(
        query: [(String, String)], registeredRedirectURIs: (String) -> [String]?
    ) throws(AuthorizeError) -> AuthorizeRequest {
        var values: [String: String] = [:]
        var repeated: Set<String> = []
        for (name, value) in query {
            if values.updateValue(value, forKey: name) != nil { repeated.insert(name) }
        }

        // RFC 6749 §3.1: no parameter may appear twice; for these two, the answer cannot be a redirect.
        guard !repeated.contains("client_id") else { throw .cannotRedirect(reason: "The request names client_id more than once.") }
        guard !repeated.contains("redirect_uri") else { throw .cannotRedirect(reason: "The request names redirect_uri more than once.") }
        guard let clientId = values["client_id"], !clientId.isEmpty else { throw .cannotRedirect(reason: "The request has no client_id.") }
        guard let registered = registeredRedirectURIs(clientId) else {
            throw .cannotRedirect(reason: "The client_id is not one this portal registered; run aws sso login again.")
        }
        guard let redirectText = values["redirect_uri"], !redirectText.isEmpty else {
            throw .cannotRedirect(reason: "The request has no redirect_uri.")
        }
        guard let redirectURI = LoopbackRedirectURI(redirectText) else {
            throw .cannotRedirect(reason: "The redirect_uri is not a loopback URI such as http://127.0.0.1:port/oauth/callback.")
        }
        guard registered.contains(where: { LoopbackRedirectURI($0).map(redirectURI.matches(registered:)) ?? false }) else {
            throw .cannotRedirect(reason: "The redirect_uri is not one this client registered.")
        }

        // From here the redirect URI is trusted; a state is echoed only when there is exactly one of a usable size.
        let stateValue = values["state"]
        let echoedState =
            repeated.contains("state") || (stateValue?.count ?? 0) > maximumStateLength || stateValue?.isEmpty == true ? nil : stateValue
        func refuse(_ code: AuthorizeError.Code, _ description: String) -> AuthorizeError {
            .redirect(to: redirectURI, code: code, description: description, state: echoedState)
        }
        if let name = repeated.sorted().first { throw refuse(.invalidRequest, "The request names \(name) more than once.") }
        guard let responseType = values["response_type"] else { throw refuse(.invalidRequest, "The request has no response_type.") }
        guard responseType == "code" else {
            throw refuse(.unsupportedResponseType, "Only response_type=code is supported.")
        }
        guard let state = stateValue, !state.isEmpty else { throw refuse(.invalidRequest, "The request has no state.") }
        guard state.count <= maximumStateLength else {
            throw refuse(.invalidRequest, "The state is longer than \(maximumStateLength) characters.")
        }
        guard let method = values["code_challenge_method"] else {
            throw refuse(.invalidRequest, "The request has no code_challenge_method; only S256 is supported.")
        }
        guard method == "S256" else {
            throw refuse(.invalidRequest, "code_challenge_method \(method.prefix(50)) is not supported; only S256 is.")
        }
        guard let challenge = values["code_challenge"] else { throw refuse(.invalidRequest, "The request has no code_challenge.") }
        guard PKCE.isValidChallenge(challenge) else {
            throw refuse(.invalidRequest, "The code_challenge is not an S256 challenge (43 base64url characters).")
        }
        if values["scopes"] != nil && values["scope"] != nil && values["scopes"] != values["scope"] {
            throw refuse(.invalidScope, "The request names both scopes and scope, with different values.")
        }
        let scopes = (values["scopes"] ?? values["scope"] ?? "").split(separator: " ").map(String.init)
        return AuthorizeRequest(clientId: clientId, redirectURI: redirectURI, state: state, codeChallenge: challenge, scopes: scopes)
    }
}
