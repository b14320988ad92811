import JSON
import OIDC
import Testing

/// Refusals carry the header botocore needs to raise the modeled exception, and the RFC code in the body.
struct OIDCErrorTests {
    @Test(arguments: [
        (OIDCError.Code.authorizationPending, "AuthorizationPendingException", 400), (.slowDown, "SlowDownException", 400),
        (.expiredToken, "ExpiredTokenException", 400), (.accessDenied, "AccessDeniedException", 400),
        (.invalidGrant, "InvalidGrantException", 400), (.invalidClient, "InvalidClientException", 401),
        (.unsupportedGrantType, "UnsupportedGrantTypeException", 400), (.invalidScope, "InvalidScopeException", 400),
        (.invalidRequest, "InvalidRequestException", 400), (.unauthorizedClient, "UnauthorizedClientException", 400),
        (.serverError, "InternalServerException", 500),
    ])
    func everyCodeHasTheModelsExceptionAndStatus(code: OIDCError.Code, exception: String, status: Int) throws {
        let error = OIDCError(code, "Something went wrong.")
        #expect(error.exceptionName == exception)
        #expect(error.status == status)
        #expect(error.headers.contains { $0.name == "x-amzn-ErrorType" && $0.value == exception })
        #expect(error.headers.contains { $0.name == "Content-Type" && $0.value == "application/json" })
        let body = try JSONNode.parse(Array(error.body.utf8))
        #expect(body == .object(["error": .string(code.rawValue), "error_description": .string("Something went wrong.")]))
    }

    @Test func codesAreTheRFCSpellings() {
        #expect(
            OIDCError.Code.allCases.map(\.rawValue) == [
                "authorization_pending", "slow_down", "expired_token", "access_denied", "invalid_grant", "invalid_client",
                "unsupported_grant_type", "invalid_scope", "invalid_request", "unauthorized_client", "server_error",
            ])
    }

    @Test func theBodyIsExactlyTwoMembersWithQuotesEscaped() {
        #expect(
            OIDCError.invalidRequest(#"clientType must be "public"."#).body
                == #"{"error":"invalid_request","error_description":"clientType must be \"public\"."}"#)
    }
}
