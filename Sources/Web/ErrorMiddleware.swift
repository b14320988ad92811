import HTTPServer

/// Turns what a handler threw into a response.
///
/// Errors that know their status (`HTTPResponseError`) render themselves, or go through the
/// application's `renderError` page with their message. Errors of lower layers that cannot know about HTTP
/// (the storage's "busy" or "disk full") are given their status by the application's `translate`, and
/// logged with their cause. Anything else is a bug or an outage: it is logged with the request id, and the
/// user gets a 500 page that says nothing about the cause.
package struct ErrorMiddleware: Middleware {
    package typealias Renderer = @Sendable (HTTPError, Request) -> HTTPResponse
    /// The status-knowing error an error of a lower layer stands for, or nil.
    package typealias Translator = @Sendable (any Error) -> (any HTTPResponseError)?

    private let log: AccessLog
    private let renderError: Renderer
    private let translate: Translator

    package init(log: AccessLog, renderError: @escaping Renderer, translate: @escaping Translator = { _ in nil }) {
        self.log = log
        self.renderError = renderError
        self.translate = translate
    }

    package func handle(_ request: Request, next: (Request) throws -> HTTPResponse) -> HTTPResponse {
        do {
            return try next(request)
        } catch {
            return response(for: error, to: request)
        }
    }

    /// The response for `error`: the error's own, or the error page with the error's headers added.
    package func response(for error: any Error, to request: Request) -> HTTPResponse {
        if !(error is any HTTPResponseError), let translated = translate(error) {
            log.log(
                .error, "request failed", requestID: request.requestID,
                fields: [
                    ("status", String(translated.status.code)), ("error", String(describing: error)),
                    ("method", request.method.rawValue), ("path", String(request.path)),
                ])
            return response(for: translated, to: request)
        }
        guard let known = error as? any HTTPResponseError else {
            log.log(
                .error, "unhandled error", requestID: request.requestID,
                fields: [
                    ("error_type", String(reflecting: type(of: error))), ("error", String(describing: error)),
                    ("method", request.method.rawValue), ("path", String(request.path)),
                    ("route", request.route?.pattern ?? ""),
                ])
            return renderError(HTTPError(.internalServerError, "Something went wrong on our side."), request)
        }
        if let own = known.response(for: request) { return own }
        let httpError = HTTPError(known)
        var response = renderError(httpError, request)
        for field in httpError.headers { response.headers.replaceOrAdd(name: field.name, value: field.value) }
        return response
    }

    /// The default page: the status line and the message as plain text.
    package static let plainText: Renderer = { error, _ in
        HTTPResponse.text("\(error.status.code) \(error.status.reasonPhrase)\n\n\(error.message)\n", status: error.status)
    }
}
