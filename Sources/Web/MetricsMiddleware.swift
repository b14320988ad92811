import HTTPServer

/// Counts every request and times it into `Metrics`, under the route pattern rather than the path.
package struct MetricsMiddleware: Middleware {
    private let metrics: Metrics

    package init(metrics: Metrics) { self.metrics = metrics }

    package func handle(_ request: Request, next: (Request) throws -> HTTPResponse) throws -> HTTPResponse {
        let response = try next(request)
        metrics.observe(
            route: request.route, methodKey: request.core.method, status: response.status.code,
            durationNanoseconds: Monotonic.nanoseconds() &- request.core.startNanoseconds)
        return response
    }
}
