import HTTPServer

/// Writes one access log line per request: who asked for which path and route, the status, size and time.
///
/// It logs the path without its query and never a header, so tokens, cookies and passwords in forms
/// stay out of the log. Place it inside `RequestIDMiddleware` so lines carry the id.
package struct AccessLogMiddleware: Middleware {
    private let log: AccessLog

    package init(log: AccessLog) { self.log = log }

    package func handle(_ request: Request, next: (Request) throws -> HTTPResponse) throws -> HTTPResponse {
        let response = try next(request)
        log.record(
            AccessLog.Entry(
                requestID: request.requestID, method: request.method, path: request.path, status: response.status.code,
                bytes: response.body.knownLength ?? 0,
                durationNanoseconds: Monotonic.nanoseconds() &- request.core.startNanoseconds,
                remoteAddress: request.remoteAddress, forwardedProto: request.forwardedProto, route: request.route?.pattern))
        return response
    }
}
