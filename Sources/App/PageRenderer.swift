import HTTPServer
import TemplateEngine
import Web

/// Renders pages inside the layout, filling what every page shares (stylesheet, version, later the user and CSRF token).
package struct PageRenderer: Sendable {
    /// Every page a handler names; the boot fails if one is missing or does not compile.
    package static let pages = ["pages/welcome", "error"]

    private let library: TemplateLibrary
    private let shared: TemplateObject

    package init(library: TemplateLibrary, stylesheetPath: String) throws(TemplateError) {
        try library.require(Self.pages)
        self.library = library
        self.shared = ["stylesheetPath": stylesheetPath, "version": PorticoVersion.current]
    }

    /// The named page as a complete HTML response.
    package func page(_ name: String, _ values: TemplateObject = TemplateObject(), status: HTTPStatus = .ok) throws -> HTTPResponse {
        let template = try library.template(named: name)
        var body: [UInt8] = []
        body.reserveCapacity(8 * 1024)
        template.render(.object(shared.merging(values)), into: &body)
        return HTTPResponse.html(body, status: status)
    }

    /// The error page for a status; never fails (it falls back to plain text).
    package func errorPage(_ error: HTTPError, request: Request) -> HTTPResponse {
        let values: TemplateObject = [
            "status": error.status.code,
            "title": error.status.reasonPhrase,
            "message": error.message,
            "requestID": request.requestID,
        ]
        guard var response = try? page("error", values, status: error.status) else {
            return HTTPResponse.text("\(error.status.code) \(error.message)\n", status: error.status)
        }
        for field in error.headers { response.headers.replaceOrAdd(name: field.name, value: field.value) }
        return response
    }
}
