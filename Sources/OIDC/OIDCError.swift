import JSON

/// A refusal from the SSO-OIDC endpoints, in the shape botocore turns into its modeled exceptions.
///
/// botocore maps an error response to `AuthorizationPendingException` and the rest only through the
/// `x-amzn-ErrorType` header (or a `__type`/`code` member); a bare RFC 6749 body becomes a generic
/// `ClientError` and the CLI's polling loop stops. So every refusal carries both: the RFC 6749/8628 code in
/// `error`, which is what the members of the model's exceptions hold, and the exception name in the header.
/// `description` is written for a person reading the CLI's output.
package struct OIDCError: Error, Hashable, Sendable, CustomStringConvertible {
    /// The `error` member: RFC 6749 §5.2 and RFC 8628 §3.5 codes, plus `server_error` for a failure of ours.
    package enum Code: String, Hashable, Sendable, CaseIterable {
        case authorizationPending = "authorization_pending"
        case slowDown = "slow_down"
        case expiredToken = "expired_token"
        case accessDenied = "access_denied"
        case invalidGrant = "invalid_grant"
        case invalidClient = "invalid_client"
        case unsupportedGrantType = "unsupported_grant_type"
        case invalidScope = "invalid_scope"
        case invalidRequest = "invalid_request"
        case unauthorizedClient = "unauthorized_client"
        case serverError = "server_error"

        /// The shape name in botocore's `sso-oidc/2019-06-10/service-2.json`.
        package var exceptionName: String {
            switch self {
            case .authorizationPending: "AuthorizationPendingException"
            case .slowDown: "SlowDownException"
            case .expiredToken: "ExpiredTokenException"
            case .accessDenied: "AccessDeniedException"
            case .invalidGrant: "InvalidGrantException"
            case .invalidClient: "InvalidClientException"
            case .unsupportedGrantType: "UnsupportedGrantTypeException"
            case .invalidScope: "InvalidScopeException"
            case .invalidRequest: "InvalidRequestException"
            case .unauthorizedClient: "UnauthorizedClientException"
            case .serverError: "InternalServerException"
            }
        }

        /// The model's `httpStatusCode`: 400 for all but `InvalidClientException` and `InternalServerException`.
        package var status: Int {
            switch self {
            case .invalidClient: 401
            case .serverError: 500
            default: 400
            }
        }
    }

    package let code: Code
    package let description: String

    package init(_ code: Code, _ description: String) {
        self.code = code
        self.description = description
    }

    package var exceptionName: String { code.exceptionName }
    package var status: Int { code.status }

    package var headers: [(name: String, value: String)] {
        [("x-amzn-ErrorType", exceptionName), ("Content-Type", "application/json")]
    }

    /// `{"error":"…","error_description":"…"}`.
    package var body: String {
        JSONNode.object(["error": .string(code.rawValue), "error_description": .string(description)]).text()
    }

    package static func invalidRequest(_ description: String) -> OIDCError { .init(.invalidRequest, description) }
    package static func invalidScope(_ description: String) -> OIDCError { .init(.invalidScope, description) }
    package static func unsupportedGrantType(_ description: String) -> OIDCError { .init(.unsupportedGrantType, description) }
}
