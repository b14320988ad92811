/// Why an `AssumeRoleWithSAML` request was not sent: a value outside the STS model's constraints.
///
/// None of the cases carries the assertion; its length is enough to act on.
package enum AssumeRoleWithSAMLRequestError: Error, Sendable, Equatable, CustomStringConvertible {
    case invalidRoleARN(String)
    case invalidPrincipalARN(String)
    /// The base64 assertion's length in characters.
    case assertionLength(Int)
    case durationOutOfRange(Int)

    package var description: String {
        let arnBounds = AssumeRoleWithSAMLRequest.arnLength
        switch self {
        case .invalidRoleARN(let arn):
            return "The role ARN \"\(arn.prefix(64))\" is not an ARN of \(arnBounds.lowerBound) to \(arnBounds.upperBound) characters."
        case .invalidPrincipalARN(let arn):
            return
                "The SAML provider ARN \"\(arn.prefix(64))\" is not an ARN of \(arnBounds.lowerBound) to \(arnBounds.upperBound) characters."
        case .assertionLength(let count):
            let bounds = AssumeRoleWithSAMLRequest.assertionLength
            return "The signed SAML response is \(count) base64 characters; STS takes \(bounds.lowerBound) to \(bounds.upperBound). "
                + "Fewer session tags or shorter attribute values make it smaller."
        case .durationOutOfRange(let seconds):
            let bounds = AssumeRoleWithSAMLRequest.durationSeconds
            return "A session of \(seconds) seconds is outside what STS grants (\(bounds.lowerBound) to \(bounds.upperBound) seconds, "
                + "15 minutes to 12 hours): change the permission set's session duration."
        }
    }
}
