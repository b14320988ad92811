import HTTPClient

/// Why an AWS call failed: AWS refused it, AWS could not be reached, its answer could not be read, or there
/// were no credentials to sign it with.
package enum AWSCallError: Error, Sendable, CustomStringConvertible {
    case service(AWSServiceError)
    /// No HTTP response after every attempt: curl's words (host, port, certificate), never the request.
    case unreachable(action: String, OutboundError)
    /// An answer that is neither the expected result nor an `ErrorResponse`.
    case unreadableResponse(action: String, status: Int, reason: String)
    /// The credentials to sign with could not be had (the provisioning role could not be assumed, say).
    case credentials(String)

    /// AWS's error, when AWS answered one.
    package var serviceError: AWSServiceError? {
        if case .service(let error) = self { return error }
        return nil
    }

    package var description: String {
        switch self {
        case .service(let error): error.description
        case .unreachable(let action, let error): "\(action) could not reach AWS: \(error.message)"
        case .unreadableResponse(let action, let status, let reason): "\(action) got an unreadable answer (HTTP \(status)): \(reason)"
        case .credentials(let reason): "no AWS credentials: \(reason)"
        }
    }
}
