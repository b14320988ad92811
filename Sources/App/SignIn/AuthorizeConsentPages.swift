import Domain
import OIDC
import TemplateEngine
import Web

/// `/aws/oidc/authorize`: the consent page of the PKCE flow `aws sso login` uses by default (CLI v2.22 and
/// later), at the path the CLI derives from its SSO-OIDC endpoint.
///
/// A browser route under the SSO-OIDC prefix, since it needs the session cookie. The person signs in first
/// and comes back; nothing is issued until they allow it, and then only to the loopback address the client
/// registered (RFC 8252 §7.3). A request naming an unknown client or an unregistered redirect URI is
/// answered with a page here and never redirected, so the page cannot be made to send codes elsewhere.
struct AuthorizeConsentPages: Sendable {
    let pages: PageRenderer
    let signIn: CLISignIn

    static let path = OIDCRoutes.prefix + "/authorize"

    func show(_ request: Request) throws -> HTTPResponse {
        let query = try request.query
        return try consent(request, fields: query.fields) { authorize, client in
            var values: TemplateObject = ["clientName": client.name, "redirectURI": authorize.redirectURI.description]
            values["fields"] = .list(
                query.fields.filter { $0.name != "csrf" && $0.name != "decision" }.map { field in
                    (["name": field.name, "value": field.value] as TemplateObject).templateValue
                })
            var response = try pages.page("pages/authorize", request: request, values)
            // Browsers hold a form's redirect to the policy's form-action too: the loopback listener must be named.
            response.headers.replaceOrAdd(
                name: "Content-Security-Policy", value: SecurityHeadersMiddleware.policy(formActions: [authorize.redirectURI.origin]))
            return response
        }
    }

    /// Offloaded: issues the code. The form carries the request's own fields back.
    func decide(_ request: Request) throws -> HTTPResponse {
        let signedIn = try request.signedInUser()
        let form = try request.form()
        let fields = form.fields.filter { $0.name != "csrf" && $0.name != "decision" }
        return try consent(request, fields: fields) { authorize, client in
            guard form["decision"] == "allow" else {
                return try Self.redirect(
                    to: authorize.redirectURI.redirect(
                        error: "access_denied", description: "The sign-in was denied.", state: authorize.state))
            }
            let code = try signIn.issueAuthorizationCode(authorize, client: client, by: signedIn, request: request)
            return try Self.redirect(to: authorize.redirectURI.redirect(code: code, state: authorize.state))
        }
    }

    private func consent(
        _ request: Request, fields: [FormData.Field], _ body: (AuthorizeRequest, OIDCClient) throws -> HTTPResponse
    ) throws -> HTTPResponse {
        var client: OIDCClient?
        let authorize: AuthorizeRequest
        do {
            authorize = try AuthorizeRequest.parse(query: fields.map { ($0.name, $0.value) }) { clientID in
                guard let found = try? signIn.registeredRedirectURIs(clientID: clientID) else { return nil }
                client = found.client
                return found.uris
            }
        } catch {
            switch error {
            case .cannotRedirect(let reason):
                return try pages.page(
                    "pages/authorize-refused", request: request, ["reason": reason], status: .badRequest)
            case .redirect:
                guard let location = error.location else { throw HTTPError(.badRequest, "The sign-in request is not valid.") }
                return try Self.redirect(to: location)
            }
        }
        guard let client else { throw HTTPError(.badRequest, "The sign-in request is not valid.") }
        return try body(authorize, client)
    }

    /// A 303 to the client's loopback listener: the one redirect off this site that is not to AWS, allowed
    /// because the address was checked against the client's registration (`LoopbackRedirectURI`).
    private static func redirect(to location: String) throws -> HTTPResponse {
        var response = HTTPResponse(status: .seeOther)
        response.headers.replaceOrAdd(name: "Location", value: location)
        response.headers.replaceOrAdd(name: "Cache-Control", value: "no-store")
        return response
    }
}
