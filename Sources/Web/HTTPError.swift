import HTTPServer

/// A status, a message safe to show users, and any headers the error response needs.
///
/// This is also the one shape the application's error page renderer sees: every `HTTPResponseError`
/// is reduced to it before `renderError` is called.
package struct HTTPError: HTTPResponseError, CustomStringConvertible {
    package var status: HTTPStatus
    package var message: String
    package var headers: HTTPHeaders

    /// An error whose message defaults to the status's reason phrase.
    package init(_ status: HTTPStatus, _ message: String? = nil, headers: HTTPHeaders = HTTPHeaders()) {
        self.status = status
        self.message = message ?? status.reasonPhrase
        self.headers = headers
    }

    /// The same status, message and headers as any other status-carrying error.
    package init(_ error: some HTTPResponseError) {
        self.init(error.status, error.message, headers: error.headers)
    }

    package var description: String { "HTTPError(\(status.code), \(message))" }
}
