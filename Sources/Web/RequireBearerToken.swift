import HTTPServer

/// The gate of a machine surface: a request without a valid bearer token is a 401 in the surface's own
/// error format, before any handler runs; with one, handlers find its principal with `bearerPrincipal`.
package struct RequireBearerToken<Authenticator: BearerAuthenticator>: Middleware {
    package static var missing: String { "This request needs a bearer token." }
    package static var refused: String { "The bearer token is not valid: it is unknown, expired or revoked." }

    private let authenticator: Authenticator

    package init(_ authenticator: Authenticator) {
        self.authenticator = authenticator
    }

    package func handle(_ request: Request, next: (Request) throws -> HTTPResponse) throws -> HTTPResponse {
        guard let token = Self.token(in: request, at: authenticator.location), !token.isEmpty else {
            throw HTTPError(.unauthorized, Self.missing, headers: ["WWW-Authenticate": "Bearer"])
        }
        guard let principal = try authenticator.principal(for: token, request: request) else {
            throw HTTPError(.unauthorized, Self.refused, headers: ["WWW-Authenticate": #"Bearer error="invalid_token""#])
        }
        var request = request
        request.storage[BearerPrincipalKey<Authenticator.Principal>.self] = principal
        return try next(request)
    }

    /// The token as sent, from its header or the `Authorization` field.
    static func token(in request: Request, at location: BearerTokenLocation) -> String? {
        switch location {
        case .header(let name):
            return request.headers[name]
        case .authorization:
            return request.bearerToken
        }
    }
}

/// Where `RequireBearerToken` leaves the principal, keyed by its type.
enum BearerPrincipalKey<Principal: Sendable>: RequestStorageKey {
    typealias Value = Principal
}

extension Request {
    /// The token of an `Authorization: Bearer` header as sent; the scheme name is matched without regard to
    /// case (RFC 9110 §11.1).
    package var bearerToken: String? {
        guard let value = headers["Authorization"], value.utf8.count > 7 else { return nil }
        let scheme = value.prefix(7)
        guard scheme.lowercased() == "bearer " else { return nil }
        return String(value.dropFirst(7).drop { $0 == " " })
    }

    /// The principal of the bearer token that `RequireBearerToken` accepted for this request.
    package func bearerPrincipal<Principal: Sendable>(_ type: Principal.Type) -> Principal? {
        storage[BearerPrincipalKey<Principal>.self]
    }
}
