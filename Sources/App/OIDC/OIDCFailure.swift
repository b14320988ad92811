import OIDC
import Web

/// An SSO-OIDC error response as botocore reads it: the RFC 6749 code in `error`, a sentence in
/// `error_description`, and the model's exception name in `x-amzn-ErrorType` (without which botocore
/// cannot tell `authorization_pending` from a failure, and the CLI's polling stops).
struct OIDCFailure: HTTPResponseError {
    let error: OIDCError

    init(_ error: OIDCError) {
        self.error = error
    }

    var status: HTTPStatus { HTTPStatus(code: error.status) }
    var message: String { error.description }

    func response(for request: Request) -> HTTPResponse? {
        Self.response(error)
    }

    /// The group's renderer: a 404, 405, 413 or 500 of the surface is one of the model's errors too.
    static func render(_ error: HTTPError, _ request: Request) -> HTTPResponse {
        let code: OIDCError.Code =
            switch error.status.code {
            case 401: .invalidClient
            case 500...: .serverError
            default: .invalidRequest
            }
        return response(OIDCError(code, error.message))
    }

    static func response(_ error: OIDCError) -> HTTPResponse {
        var response = HTTPResponse.json(Array(error.body.utf8), status: HTTPStatus(code: error.status))
        for (name, value) in error.headers { response.headers.replaceOrAdd(name: name, value: value) }
        response.headers.replaceOrAdd(name: "Cache-Control", value: "no-store")
        return response
    }
}
