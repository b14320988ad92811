import JSON

/// A refusal from the portal API, in the shape botocore turns into the `sso` model's exceptions.
///
/// The model's errors have one member, `message`; botocore names the exception from the `x-amzn-ErrorType`
/// header, and its credential provider turns `UnauthorizedException` into "The SSO session associated with
/// this profile has expired or is otherwise invalid", which tells the user to run `aws sso login`.
package struct PortalAPIError: Error, Hashable, Sendable, CustomStringConvertible {
    /// The four exceptions of botocore's `sso/2019-06-10/service-2.json`.
    package enum Kind: Hashable, Sendable, CaseIterable {
        case invalidRequest
        case unauthorized
        case tooManyRequests
        /// Not an answer to `Logout`, whose model lists only the other three.
        case resourceNotFound

        package var exceptionName: String {
            switch self {
            case .invalidRequest: "InvalidRequestException"
            case .unauthorized: "UnauthorizedException"
            case .tooManyRequests: "TooManyRequestsException"
            case .resourceNotFound: "ResourceNotFoundException"
            }
        }

        package var status: Int {
            switch self {
            case .invalidRequest: 400
            case .unauthorized: 401
            case .tooManyRequests: 429
            case .resourceNotFound: 404
            }
        }
    }

    package let kind: Kind
    package let message: String

    package init(_ kind: Kind, _ message: String) {
        self.kind = kind
        self.message = message
    }

    package var exceptionName: String { kind.exceptionName }
    package var status: Int { kind.status }
    package var description: String { "\(exceptionName): \(message)" }

    package var headers: [(name: String, value: String)] {
        [("x-amzn-ErrorType", exceptionName), ("Content-Type", "application/json")]
    }

    /// `{"message":"…"}`.
    package var body: String { JSONNode.object(["message": .string(message)]).text() }

    package static func invalidRequest(_ message: String) -> PortalAPIError { .init(.invalidRequest, message) }
    package static func unauthorized(_ message: String) -> PortalAPIError { .init(.unauthorized, message) }
    package static func resourceNotFound(_ message: String) -> PortalAPIError { .init(.resourceNotFound, message) }
}
