/// Why `AssumeRoleWithSAML` gave no credentials: STS refused, or its answer could not be read.
package enum AssumeRoleWithSAMLError: Error, Sendable, Equatable, CustomStringConvertible {
    /// STS answered with an `ErrorResponse`.
    case refused(STSServiceError)
    /// The body is neither the success nor the error shape; says what was wrong, never quoting a value.
    case unreadableResponse(String)

    package var description: String {
        switch self {
        case .refused(let error): error.description
        case .unreadableResponse(let reason): "STS's answer to AssumeRoleWithSAML could not be read: \(reason)."
        }
    }
}
