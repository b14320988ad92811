/// Where a machine surface's clients put their bearer token.
package enum BearerTokenLocation: Sendable, Equatable {
    /// `Authorization: Bearer <token>` (RFC 6750 §2.1), as SCIM clients send it.
    case authorization
    /// A header of its own holding the bare token, as AWS's SSO portal API sends `x-amz-sso_bearer_token`.
    case header(String)
}
