import HTTPServer
import JSON

extension Request {
    /// The body as one JSON value, for machine surfaces.
    ///
    /// The body's size was already held to the route's or group's limit before it was read (413 in the
    /// group's format); here a body of another media type is a 415 and text that is not JSON a 400 that
    /// says where it goes wrong, read in one pass.
    ///
    /// - Parameter mediaTypes: lower-case types the surface accepts, e.g. `application/scim+json`.
    package func json(accepting mediaTypes: [StaticString] = ["application/json"]) throws(HTTPError) -> JSONNode {
        let contentType = headers["Content-Type"] ?? ""
        guard mediaTypes.contains(where: { MediaType.matches(contentType, $0) }) else {
            let names = mediaTypes.map { "\($0)" }.joined(separator: " or ")
            throw HTTPError(.unsupportedMediaType, "The body must be sent as \(names).")
        }
        do {
            return try JSONNode.parse(body)
        } catch {
            // The reader says what and where: invalid UTF-8, a repeated key, "line 1, column 9: expected …".
            throw HTTPError(.badRequest, "The body is not valid JSON: \(error).")
        }
    }
}
