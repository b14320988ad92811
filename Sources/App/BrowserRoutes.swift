import HTTPServer
import Web

/// The route table of the browser surface: every page and endpoint people and probes reach, in one place.
enum BrowserRoutes {
    static func register(on router: inout Router, pages: PageRenderer, staticFiles: StaticFiles, metrics: Metrics) {
        // Portal
        router.get("/") { _ in try pages.page("pages/welcome") }

        // Operations
        router.get("/healthz") { _ in HTTPResponse.text("ok\n") }
        router.get("/metrics") { _ in metrics.response() }

        // Assets
        staticFiles.register(on: &router)
        router.get("/favicon.ico") { _ in try HTTPResponse.redirect(toPath: staticFiles.fingerprintedPath(for: "favicon.svg"), status: .movedPermanently) }
        router.get("/robots.txt") { _ in HTTPResponse.text("User-agent: *\nDisallow: /\n") }
    }
}
