import HTTPServer

extension HTTPResponse {
    /// An HTML page.
    package static func html(_ body: String, status: HTTPStatus = .ok) -> HTTPResponse {
        HTTPResponse(status: status, contentType: "text/html; charset=utf-8", body: body)
    }

    /// An HTML page already rendered to bytes.
    package static func html(_ body: [UInt8], status: HTTPStatus = .ok) -> HTTPResponse {
        HTTPResponse(status: status, contentType: "text/html; charset=utf-8", body: body)
    }

    package static func text(_ body: String, status: HTTPStatus = .ok) -> HTTPResponse {
        HTTPResponse(status: status, contentType: "text/plain; charset=utf-8", body: body)
    }

    /// Encoded JSON; `contentType` lets SCIM say `application/scim+json`.
    package static func json(
        _ body: [UInt8], status: HTTPStatus = .ok, contentType: String = "application/json"
    ) -> HTTPResponse {
        HTTPResponse(status: status, contentType: contentType, body: body)
    }
}
