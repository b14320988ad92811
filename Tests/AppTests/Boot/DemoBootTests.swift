import App
import Foundation
import TestSupport
import Testing

/// `portico serve --demo` on an empty data directory.
struct DemoBootTests {
    @Test func serveWithDemoLoadsItAndSaysHowToSignIn() throws {
        let data = Checkout.temporaryDirectory("demo-serve")
        defer { try? FileManager.default.removeItem(atPath: data) }
        let captured = CapturedLog()
        let configuration = Configuration(
            listen: .init(host: "127.0.0.1", port: 0), dataDirectory: data, resourcesDirectory: Checkout.root, demo: true)
        _ = try PorticoApp(configuration: configuration, log: captured.log)
        let line = try #require(captured.entries.first { $0["message"] as? String == "demo directory loaded" })
        #expect((line["sign_in"] as? String)?.contains("admin@example.com") == true)
        #expect((line["sign_in"] as? String)?.contains("portico-demo") == true)

        let again = CapturedLog()
        _ = try PorticoApp(configuration: configuration, log: again.log)
        #expect(!again.entries.contains { $0["message"] as? String == "demo directory loaded" })
    }
}
