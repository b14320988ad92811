import App
import HTTPServer
import TestSupport
import Testing
import Web

/// Who may read `/metrics`: with a token configured, whoever sends it (this host included); without one, this
/// host alone, judged by the TCP peer and never by what a client writes in `X-Forwarded-For`.
struct MetricsAccessTests {
    private static let token = "scrape-token-0123456789"

    private func get(_ port: Int, headers: String = "") throws -> TestClient.Response {
        try TestClient(port: port).exchange("GET /metrics HTTP/1.1\r\nHost: localhost\r\n\(headers)\r\n")
    }

    /// Sends `GET /metrics` through the app's own route table as if the TCP peer were `peer`, which a test
    /// on one machine cannot be for real.
    private func scrape(
        _ app: PorticoApp, from peer: String, headers: HTTPHeaders = HTTPHeaders(), trustedProxies: String = ""
    ) throws -> (status: Int, text: String, headers: HTTPHeaders) {
        let proxies = try TrustedProxies(parsing: trustedProxies)
        let application = WebApplication(
            router: app.router, middleware: proxies.isEmpty ? [] : [ClientAddressMiddleware(trustedProxies: proxies)])
        let request = HTTPRequest(head: HTTPRequestHead(method: .get, target: "/metrics", headers: headers), body: [])
        let reply = application.respond(to: request, context: HTTPResponderContext(remoteAddress: peer, offloader: InlineOffloader()))
        guard case .response(let response) = reply, case .bytes(let body) = response.body else {
            Issue.record("expected a ready response")
            return (0, "", HTTPHeaders())
        }
        return (response.status.code, String(decoding: body, as: UTF8.self), response.headers)
    }

    @Test func withoutATokenOnlyLoopbackPeersAreAnswered() throws {
        try withPortico { app, _ in
            let local = try get(app.server.port)
            #expect(local.status == 200)
            #expect(local.text.contains("portico_open_connections"))
            for peer in ["127.0.0.1", "127.0.0.53", "::1", "::ffff:127.0.0.1"] {
                #expect(try scrape(app, from: peer).status == 200, "\(peer)")
            }
            for peer in ["192.0.2.9", "::ffff:192.0.2.9", "fd00::2", "10.0.0.1"] {
                let refused = try scrape(app, from: peer)
                #expect(refused.status == 403, "\(peer)")
                #expect(refused.text.contains("PORTICO_METRICS_TOKEN"), "\(peer)")
                #expect(!refused.text.contains("portico_open_connections"), "\(peer)")
            }
        }
    }

    @Test func aForwardedForHeaderNamingLoopbackOpensNothing() throws {
        try withPortico { app, _ in
            // A trusted proxy elsewhere that says its client is 127.0.0.1 is still not this host.
            let forwarded = try scrape(
                app, from: "192.0.2.9", headers: ["X-Forwarded-For": "127.0.0.1"], trustedProxies: "192.0.2.0/24")
            #expect(forwarded.status == 403)
            #expect(try scrape(app, from: "192.0.2.9", headers: ["X-Forwarded-For": "127.0.0.1"]).status == 403)
        }
    }

    @Test func aProxyOnThisHostForwardingSomeoneElseIsRefused() throws {
        try withPortico(trustedProxies: "127.0.0.0/8") { app, _ in
            #expect(try get(app.server.port).status == 200)
            let forwarded = try get(app.server.port, headers: "X-Forwarded-For: 203.0.113.7\r\n")
            #expect(forwarded.status == 403)
            #expect(forwarded.text.contains("--metrics-token"))
        }
    }

    @Test func aConfiguredTokenIsRequiredFromLoopbackTooAndStaysOutOfTheLog() throws {
        try withPortico(metricsToken: Self.token) { app, log in
            let missing = try get(app.server.port)
            #expect(missing.status == 401)
            #expect(missing.header("WWW-Authenticate") == "Bearer")
            #expect(!missing.text.contains("portico_open_connections"))
            let wrong = try get(app.server.port, headers: "Authorization: Bearer scrape-token-0123456788\r\n")
            #expect(wrong.status == 401)
            #expect(wrong.header("WWW-Authenticate")?.hasPrefix("Bearer") == true)
            #expect(try get(app.server.port, headers: "Authorization: Bearer \(Self.token)x\r\n").status == 401)
            #expect(try get(app.server.port, headers: "Authorization: Basic \(Self.token)\r\n").status == 401)

            let scraped = try get(app.server.port, headers: "Authorization: Bearer \(Self.token)\r\n")
            #expect(scraped.status == 200)
            #expect(scraped.text.contains("portico_open_connections"))
            #expect(scraped.text.contains(#"route="/metrics",method="GET",status="401"} 4"#))
            // From anywhere, with the token.
            #expect(try scrape(app, from: "192.0.2.9", headers: ["Authorization": "bearer \(Self.token)"]).status == 200)
            #expect(try scrape(app, from: "192.0.2.9").status == 401)

            let logged = log.entries.map { "\($0)" }.joined(separator: "\n")
            #expect(logged.contains("/metrics"))
            #expect(!logged.contains(Self.token))
        }
    }
}
