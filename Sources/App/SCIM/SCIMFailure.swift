import JSON
import SCIM
import Web

/// A SCIM error response (RFC 7644 §3.12): `application/scim+json` with the Error schema, the status as a
/// string, a `scimType` where the RFC gives one, and a `detail` a person can act on.
struct SCIMFailure: HTTPResponseError {
    static let errorSchema = "urn:ietf:params:scim:api:messages:2.0:Error"
    static let contentType = "application/scim+json"

    let status: HTTPStatus
    let scimType: String?
    let message: String
    let headers: HTTPHeaders

    init(_ error: SCIMRequestError) {
        status = HTTPStatus(code: error.status)
        scimType = error.scimType
        message = error.detail
        headers = HTTPHeaders()
    }

    func response(for request: Request) -> HTTPResponse? {
        Self.render(status: status, scimType: scimType, detail: message, headers: headers)
    }

    /// The group's renderer: every error of the SCIM surface (401, 404, 405, 413 included) in SCIM's format.
    static func render(_ error: HTTPError, _ request: Request) -> HTTPResponse {
        render(status: error.status, scimType: nil, detail: error.message, headers: error.headers)
    }

    private static func render(status: HTTPStatus, scimType: String?, detail: String, headers: HTTPHeaders) -> HTTPResponse {
        var body: [String: JSONNode] = [
            "schemas": .strings([errorSchema]), "status": .string(String(status.code)), "detail": .string(detail),
        ]
        if let scimType { body["scimType"] = .string(scimType) }
        var response = HTTPResponse.json(Array(JSONNode.object(body).text().utf8), status: status, contentType: contentType)
        for field in headers { response.headers.replaceOrAdd(name: field.name, value: field.value) }
        return response
    }
}
