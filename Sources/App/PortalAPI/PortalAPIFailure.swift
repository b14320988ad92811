import PortalAPI
import Web

/// A portal API error as botocore's `sso` model names it: `{"message": …}` with the exception's name in
/// `x-amzn-ErrorType`, so that an expired token becomes `UnauthorizedException` and botocore tells the
/// person to run `aws sso login` again.
struct PortalAPIFailure: HTTPResponseError {
    let error: PortalAPIError

    init(_ error: PortalAPIError) {
        self.error = error
    }

    var status: HTTPStatus { HTTPStatus(code: error.status) }
    var message: String { error.message }

    func response(for request: Request) -> HTTPResponse? {
        Self.response(error)
    }

    /// The group's renderer: the bearer check's 401 is `UnauthorizedException`, an unknown path a
    /// `ResourceNotFoundException`, anything else malformed an `InvalidRequestException`.
    static func render(_ error: HTTPError, _ request: Request) -> HTTPResponse {
        let kind: PortalAPIError.Kind =
            switch error.status.code {
            case 401: .unauthorized
            case 404: .resourceNotFound
            case 429: .tooManyRequests
            default: .invalidRequest
            }
        var response = Self.response(PortalAPIError(kind, error.message))
        if error.status.code >= 500 { response.status = error.status }
        return response
    }

    static func response(_ error: PortalAPIError) -> HTTPResponse {
        var response = HTTPResponse.json(Array(error.body.utf8), status: HTTPStatus(code: error.status))
        for (name, value) in error.headers { response.headers.replaceOrAdd(name: name, value: value) }
        return response
    }
}
