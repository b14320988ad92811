import App
import Foundation
import SQLite
import Storage
import TemplateEngine
import TestSupport
import Testing

/// The assembled application on a real socket: pages, assets, errors, metrics, logs, boot checks.
struct EndToEndTests {
    private func get(_ path: String, port: Int, headers: String = "") throws -> TestClient.Response {
        try TestClient(port: port).exchange("GET \(path) HTTP/1.1\r\nHost: localhost\r\n\(headers)\r\n")
    }

    @Test func pagesComeInTheLayoutWithSecurityHeaders() throws {
        try withPortico { app, _ in
            let response = try get("/login", port: app.server.port)
            #expect(response.status == 200)
            #expect(response.header("Content-Type") == "text/html; charset=utf-8")
            #expect(response.text.contains("<title>Sign in · Portico</title>"))
            #expect(response.text.contains("Portico \(PorticoVersion.current)"))
            let csp = response.header("Content-Security-Policy") ?? ""
            #expect(csp.contains("frame-ancestors 'none'"))
            #expect(csp.contains("script-src 'self'"))
            #expect(!csp.contains("unsafe-inline"))
            #expect(response.header("X-Content-Type-Options") == "nosniff")
            #expect(response.header("Referrer-Policy") == "same-origin")
            #expect(response.header("X-Request-Id")?.isEmpty == false)
        }
    }

    @Test(arguments: ["/login", "/healthz", "/missing"])
    func anHTTPSBaseURLSendsStrictTransportSecurityOnEveryResponse(path: String) throws {
        try withPortico(baseURL: "https://portico.example.com") { app, _ in
            let response = try get(path, port: app.server.port)
            #expect(response.headers.filter { $0.0 == "Strict-Transport-Security" }.map(\.1) == ["max-age=31536000"])
        }
    }

    @Test func anHTTPBaseURLSendsNoStrictTransportSecurity() throws {
        try withPortico(baseURL: "http://portico.example.com") { app, _ in
            for path in ["/login", "/healthz"] {
                let response = try get(path, port: app.server.port)
                #expect(response.header("Strict-Transport-Security") == nil)
            }
        }
    }

    @Test func stylesheetIsFingerprintedWithETagAndRevalidates() throws {
        try withPortico { app, _ in
            let page = try get("/login", port: app.server.port).text
            let link = try #require(page.firstMatch(of: /href="(\/static\/app\.[0-9a-f]{8}\.css)"/)?.1)
            let stylesheet = try get(String(link), port: app.server.port)
            #expect(stylesheet.status == 200)
            #expect(stylesheet.header("Content-Type") == "text/css; charset=utf-8")
            #expect(stylesheet.header("Cache-Control")?.contains("immutable") == true)
            let onDisk = try Data(contentsOf: URL(fileURLWithPath: Checkout.root + "/Public/app.css"))
            #expect(stylesheet.body == [UInt8](onDisk))
            let etag = try #require(stylesheet.header("ETag"))
            let revalidated = try get("/static/app.css", port: app.server.port, headers: "If-None-Match: \(etag)\r\n")
            #expect(revalidated.status == 304)
            #expect(revalidated.body.isEmpty)
            #expect(revalidated.header("ETag") == etag)
        }
    }

    @Test func unknownPathGetsTheNotFoundPage() throws {
        try withPortico { app, _ in
            let response = try get("/no/such/page", port: app.server.port)
            #expect(response.status == 404)
            #expect(response.header("Content-Type") == "text/html; charset=utf-8")
            #expect(response.text.contains("Not Found"))
            let requestID = try #require(response.header("X-Request-Id"))
            #expect(response.text.contains(requestID))
        }
    }

    @Test func wrongMethodGetsTheMethodNotAllowedPageWithAllow() throws {
        try withPortico { app, _ in
            let response = try TestClient(port: app.server.port).exchange(
                "POST /healthz HTTP/1.1\r\nHost: localhost\r\nContent-Length: 0\r\n\r\n")
            #expect(response.status == 405)
            #expect(response.header("Allow") == "GET, HEAD, OPTIONS")
            #expect(response.text.contains("Method Not Allowed"))
        }
    }

    @Test(arguments: [
        "/static/../Package.swift", "/static/%2e%2e/Package.swift", "/static/..%2fPackage.swift", "/%2e%2e/%2e%2e/etc/passwd",
    ])
    func pathTraversalNeverReachesAFile(path: String) throws {
        try withPortico { app, _ in
            let response = try get(path, port: app.server.port)
            #expect([400, 404].contains(response.status))
            #expect(!response.text.contains("swift-tools-version"))
            #expect(!response.text.contains("root:"))
        }
    }

    @Test func headIsServedFromGetWithoutABody() throws {
        try withPortico { app, _ in
            let client = try TestClient(port: app.server.port)
            let head = try client.exchange("HEAD /start HTTP/1.1\r\nHost: localhost\r\n\r\n", head: true)
            #expect(head.status == 200)
            #expect(Int(head.header("Content-Length") ?? "") ?? 0 > 1000)
            #expect(try client.exchange("GET /healthz HTTP/1.1\r\nHost: localhost\r\n\r\n").text == "ok\n")
        }
    }

    @Test func metricsCountRequestsByRouteAndShowConnectionsAndBusyRetries() throws {
        try withPortico { app, _ in
            for _ in 0..<3 { _ = try get("/healthz", port: app.server.port) }
            _ = try get("/missing", port: app.server.port)
            let metrics = try get("/metrics", port: app.server.port)
            #expect(metrics.status == 200)
            #expect(metrics.header("Content-Type")?.hasPrefix("text/plain; version=0.0.4") == true)
            let text = metrics.text
            #expect(text.contains(#"portico_http_requests_total{route="/healthz",method="GET",status="200"} 3"#))
            #expect(text.contains(#"status="404"} 1"#))
            #expect(text.contains("# TYPE portico_http_request_duration_seconds histogram"))
            #expect(text.contains(#"portico_http_request_duration_seconds_bucket{route="/healthz",le="+Inf"} 3"#))
            #expect(text.contains("portico_open_connections 1"))
            #expect(text.contains("portico_sqlite_busy_retries_total 0"))
        }
    }

    @Test func everyRequestLeavesOneJsonLogLineWithoutItsQuery() throws {
        try withPortico { app, captured in
            _ = try get("/healthz?token=secret-value", port: app.server.port, headers: "Cookie: session=secret-cookie\r\n")
            _ = try get("/nothing-here", port: app.server.port)
            var requests: [[String: Any]] = []
            for _ in 0..<100 where requests.count < 2 {
                usleep(20_000)
                requests = captured.entries.filter { $0["path"] != nil }
            }
            #expect(requests.count == 2)
            let first = try #require(requests.first)
            #expect(first["method"] as? String == "GET")
            #expect(first["path"] as? String == "/healthz")
            #expect(first["status"] as? Int == 200)
            #expect((first["request_id"] as? String)?.isEmpty == false)
            #expect(first["duration_ms"] != nil)
            #expect(requests.last?["status"] as? Int == 404)
            let everything = captured.entries.map { "\($0)" }.joined()
            #expect(!everything.contains("secret-value"))
            #expect(!everything.contains("secret-cookie"))
        }
    }

    @Test func migrationsRunAtStart() throws {
        try withPortico { app, _ in
            let applied = try Schema.migrator.appliedMigrations(app.database)
            // Every migration the code knows, as a fresh database gets them.
            let reference = Checkout.temporaryDirectory("reference")
            defer { try? FileManager.default.removeItem(atPath: reference) }
            let fresh = try Schema.openAndMigrate(path: reference + "/fresh.sqlite3")
            #expect(applied == (try Schema.migrator.appliedMigrations(fresh)))
            #expect(applied.first == "0001_settings")
        }
    }

    @Test func brokenTemplateStopsTheBootNamingFileLineAndColumn() throws {
        let resources = Checkout.temporaryDirectory("resources")
        defer { try? FileManager.default.removeItem(atPath: resources) }
        try FileManager.default.copyItem(atPath: Checkout.root + "/Templates", toPath: resources + "/Templates")
        try FileManager.default.copyItem(atPath: Checkout.root + "/Public", toPath: resources + "/Public")
        try "{{< layout}}\n{{$content}}\n  {{#accounts}}\n{{/content}}\n{{/layout}}\n".write(
            toFile: resources + "/Templates/pages/sessions.mustache", atomically: true, encoding: .utf8)
        do {
            try withPortico(resourcesDirectory: resources) { _, _ in Issue.record("booted with a broken template") }
        } catch let error as TemplateError {
            #expect(error.file == "pages/sessions.mustache")
            #expect(error.line != nil && error.column != nil)
            #expect("\(error)".hasPrefix("pages/sessions.mustache:"))
        }
    }

    @Test func missingPageTemplateStopsTheBoot() throws {
        let resources = Checkout.temporaryDirectory("resources")
        defer { try? FileManager.default.removeItem(atPath: resources) }
        try FileManager.default.copyItem(atPath: Checkout.root + "/Templates", toPath: resources + "/Templates")
        try FileManager.default.copyItem(atPath: Checkout.root + "/Public", toPath: resources + "/Public")
        try FileManager.default.removeItem(atPath: resources + "/Templates/error.mustache")
        #expect(throws: TemplateError.self) { try withPortico(resourcesDirectory: resources) { _, _ in } }
    }
}
