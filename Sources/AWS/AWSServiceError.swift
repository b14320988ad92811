import SAML

/// An AWS Query API `ErrorResponse`: what the service refused, in its own words.
///
/// IAM and STS answer every failure with `<ErrorResponse><Error><Type/><Code/><Message/></Error><RequestId/>`;
/// `code` decides what Portico does (retry on throttling, explain `NoSuchEntity`), `message` is shown to people.
package struct AWSServiceError: Error, Sendable, Equatable, CustomStringConvertible {
    /// The Query action that failed: `AttachRolePolicy`, `AssumeRole`, …
    package var action: String
    /// `NoSuchEntity`, `AccessDenied`, `Throttling`, …
    package var code: String
    package var message: String
    /// The HTTP status AWS answered with.
    package var status: Int
    package var requestID: String?

    package init(action: String, code: String, message: String, status: Int, requestID: String?) {
        self.action = action
        self.code = code
        self.message = message
        self.status = status
        self.requestID = requestID
    }

    /// Reads an `ErrorResponse` root (in any namespace, as IAM, STS and moto differ); nil for anything else.
    init?(action: String, errorResponse root: PlainXMLElement, status: Int) {
        guard root.name == "ErrorResponse" else { return nil }
        let namespace = root.namespace
        guard let error = root.child("Error", in: namespace), let code = error.child("Code", in: namespace)?.text, !code.isEmpty else {
            return nil
        }
        self.init(
            action: action, code: code, message: error.child("Message", in: namespace)?.text ?? "", status: status,
            requestID: root.child("RequestId", in: namespace)?.text ?? root.child("RequestID", in: namespace)?.text)
    }

    /// Whether trying again later may succeed: throttling and AWS's own failures.
    package var isRetryable: Bool {
        Self.throttlingCodes.contains(code) || status == 429 || status >= 500
    }

    static let throttlingCodes: Set<String> = ["Throttling", "ThrottlingException", "RequestLimitExceeded", "TooManyRequestsException"]

    package var description: String {
        var text = "\(action) failed (\(code))"
        if !message.isEmpty { text += ": \(message)" }
        if let requestID, !requestID.isEmpty { text += " (request ID \(requestID))" }
        return text
    }
}
