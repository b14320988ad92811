import Foundation
import HTTPServer
import Testing

@testable import Web

struct MetricsTests {
    static func application(metrics: Metrics) -> WebApplication {
        var router = Router()
        router.get("/healthz") { _ in .text("ok") }
        router.get("/admin/users/:id") { _ in .text("user") }
        router.get("/metrics") { _ in metrics.response() }
        return WebApplication(router: router, middleware: [MetricsMiddleware(metrics: metrics)], log: CapturedLog().log)
    }

    static func sample(_ text: String, _ series: String) -> Double? {
        for line in text.split(separator: "\n") where line.hasPrefix(series + " ") {
            return Double(line.dropFirst(series.count + 1))
        }
        return nil
    }

    @Test func countsRequestsByRoutePatternMethodAndStatus() {
        let metrics = Metrics()
        let application = Self.application(metrics: metrics)
        for id in 1...3 { _ = application.send(.get, "/admin/users/\(id)") }
        _ = application.send(.head, "/healthz")
        _ = application.send(.get, "/nowhere")
        _ = application.send(HTTPMethod(rawValue: "BREW"), "/healthz")
        let text = metrics.render()
        #expect(Self.sample(text, #"portico_http_requests_total{route="/admin/users/:id",method="GET",status="200"}"#) == 3)
        #expect(Self.sample(text, #"portico_http_requests_total{route="/healthz",method="HEAD",status="200"}"#) == 1)
        #expect(Self.sample(text, #"portico_http_requests_total{route="unmatched",method="GET",status="404"}"#) == 1)
        #expect(Self.sample(text, #"portico_http_requests_total{route="unmatched",method="other",status="405"}"#) == 1)
        #expect(!text.contains("/admin/users/1"), "paths never become labels")
        #expect(text.contains("# TYPE portico_http_requests_total counter\n"))
    }

    @Test func recordsCumulativeHistogramBuckets() {
        let metrics = Metrics()
        var router = Router()
        router.get("/x") { _ in .text("x") }
        let route = router.routes[0]
        for milliseconds in [0.1, 0.7, 3, 3, 40, 20_000] {
            metrics.observe(route: route, method: .get, status: 200, durationNanoseconds: UInt64(milliseconds * 1e6))
        }
        let text = metrics.render()
        let expected: [(String, Double)] = [
            ("0.0005", 1), ("0.001", 2), ("0.0025", 2), ("0.005", 4), ("0.01", 4), ("0.025", 4), ("0.05", 5), ("0.1", 5),
            ("0.25", 5), ("0.5", 5), ("1", 5), ("2.5", 5), ("5", 5), ("10", 5), ("+Inf", 6),
        ]
        for (bound, count) in expected {
            #expect(
                Self.sample(text, #"portico_http_request_duration_seconds_bucket{route="/x",le="\#(bound)"}"#) == count,
                "le=\(bound)")
        }
        #expect(Self.sample(text, #"portico_http_request_duration_seconds_count{route="/x"}"#) == 6)
        let sum = Self.sample(text, #"portico_http_request_duration_seconds_sum{route="/x"}"#) ?? 0
        #expect(abs(sum - 20.0468) < 1e-9)
        #expect(text.contains("# TYPE portico_http_request_duration_seconds histogram\n"))
    }

    @Test func mergesRoutesThatShareAPatternIntoOneSeries() {
        let metrics = Metrics()
        var router = Router()
        router.get("/login") { _ in .text("form") }
        router.post("/login") { _ in .text("signed in") }
        let application = WebApplication(
            router: router, middleware: [MetricsMiddleware(metrics: metrics)], log: CapturedLog().log)
        _ = application.send(.get, "/login")
        _ = application.send(.post, "/login")
        _ = application.send(.post, "/login")
        let text = metrics.render()
        #expect(Self.sample(text, #"portico_http_request_duration_seconds_count{route="/login"}"#) == 3)
        #expect(text.components(separatedBy: #"portico_http_request_duration_seconds_count{route="/login"}"#).count == 2)
        #expect(Self.sample(text, #"portico_http_requests_total{route="/login",method="GET",status="200"}"#) == 1)
        #expect(Self.sample(text, #"portico_http_requests_total{route="/login",method="POST",status="200"}"#) == 2)
    }

    @Test func publishesValuesReadAtScrapeTime() {
        let metrics = Metrics()
        metrics.addGauge("portico_open_connections", help: "Connections open now.") { 12 }
        metrics.addCounter("portico_sqlite_busy_retries_total", help: "SQLITE_BUSY retries.") { 3 }
        let text = metrics.render()
        #expect(
            text.contains(
                "# HELP portico_open_connections Connections open now.\n# TYPE portico_open_connections gauge\nportico_open_connections 12\n"
            ))
        #expect(text.contains("# TYPE portico_sqlite_busy_retries_total counter\nportico_sqlite_busy_retries_total 3\n"))
    }

    @Test func escapesLabelValues() {
        let metrics = Metrics()
        var router = Router()
        router.get("/odd/\"quoted\"\\") { _ in .text("") }
        metrics.observe(route: router.routes[0], method: .get, status: 200, durationNanoseconds: 0)
        #expect(metrics.render().contains(#"route="/odd/\"quoted\"\\""#))
    }

    @Test func servesTheTextFormat() {
        let metrics = Metrics()
        let response = Self.application(metrics: metrics).send(.get, "/metrics")
        #expect(response.headers["Content-Type"] == "text/plain; version=0.0.4; charset=utf-8")
        #expect(response.bodyText.hasPrefix("# HELP portico_http_requests_total"))
        #expect(response.bodyText.hasSuffix("\n"))
    }
}
