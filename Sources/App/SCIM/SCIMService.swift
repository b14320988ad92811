import Domain
import HTTPServer
import JSON
import SCIM
import SQLite
import Storage
import Web

/// What every `/Users` and `/Groups` handler shares: the database and audit log, the service's URL,
/// reading bodies, answering with resources and ETags, and holding writes to `If-Match`.
struct SCIMService {
    static let listResponseSchema = "urn:ietf:params:scim:api:messages:2.0:ListResponse"

    let authentication: Authentication
    /// `https://portico.example.com/scim/v2`: where resource locations point.
    let base: String

    /// The audit actor: `scim:` and the token's name.
    func actor(_ request: Request) -> String {
        "scim:" + (request.bearerPrincipal(SCIMToken.self)?.name ?? "?")
    }

    /// The body as JSON in either media type SCIM allows; JSON that does not parse is `invalidSyntax`.
    func body(_ request: Request) throws -> JSONNode {
        do {
            return try request.json(accepting: ["application/scim+json", "application/json"])
        } catch let error where error.status == .badRequest {
            throw SCIMFailure(.invalidSyntax(error.message))
        }
    }

    /// A resource with its `ETag`, and its `Location` when it was just created.
    func resource(_ json: [String: JSONNode], status: HTTPStatus = .ok) -> HTTPResponse {
        var response = HTTPResponse.json(Array(JSONNode.object(json).text().utf8), status: status, contentType: SCIMFailure.contentType)
        if case .object(let meta)? = json["meta"] {
            if case .string(let version)? = meta["version"] { response.headers.replaceOrAdd(name: "ETag", value: version) }
            if status == .created, case .string(let location)? = meta["location"] {
                response.headers.replaceOrAdd(name: "Location", value: location)
            }
        }
        return response
    }

    func list(_ total: Int, _ resources: [JSONNode], startIndex: Int) -> HTTPResponse {
        let json = JSONNode.object([
            "schemas": .strings([Self.listResponseSchema]), "totalResults": .number(Double(total)),
            "itemsPerPage": .number(Double(resources.count)), "startIndex": .number(Double(startIndex)), "Resources": .array(resources),
        ])
        return HTTPResponse.json(Array(json.text().utf8), contentType: SCIMFailure.contentType)
    }

    func noContent(version: String? = nil) -> HTTPResponse {
        var response = HTTPResponse(status: .noContent)
        if let version { response.headers.replaceOrAdd(name: "ETag", value: version) }
        return response
    }

    /// What a read answers when the client's `If-None-Match` is the current version.
    func notModified(_ version: String) -> HTTPResponse {
        var response = HTTPResponse(status: .notModified)
        response.headers.replaceOrAdd(name: "ETag", value: version)
        return response
    }

    /// Refuses a write whose `If-Match` names another version than the stored one (412, RFC 7644 §3.14);
    /// called inside the write transaction, so nothing can change between the check and the write.
    func checkIfMatch(_ request: Request, revision: Int) throws {
        guard let header = request.headers["If-Match"] else { return }
        let current = SCIMUserResource.version(revision)
        let tags = header.split(separator: ",").map { String($0).trimmingWhitespace() }
        guard tags.contains("*") || tags.contains(where: { $0 == current || "W/" + $0 == current }) else {
            throw SCIMFailure(
                SCIMRequestError(
                    status: 412, scimType: nil,
                    detail: "The resource changed since \(header); it is now at \(current). Read it again and retry."))
        }
    }

    /// The stored item's id from the path, or a 404 in SCIM's format.
    func missing(_ kind: String, _ request: Request) -> SCIMFailure {
        SCIMFailure(SCIMRequestError(status: 404, scimType: nil, detail: "There is no \(kind) with id \(request.parameters["id"] ?? "")."))
    }

    /// The operation the directory refused, as SCIM says it: a clash is a 409 `uniqueness`, a field the
    /// domain rules reject a 400 `invalidValue` naming it.
    func translate(_ error: any Error, kind: String, uniqueField: String) -> any Error {
        switch error {
        case StoreError.duplicate:
            return SCIMFailure(.uniqueness("another \(kind) already has this \(uniqueField)"))
        case let errors as ValidationErrors:
            return SCIMFailure(.invalidValue(errors.errors.map { "\($0.field) \($0.reason)" }.joined(separator: "; ")))
        case StoreError.missingReference(_, let value):
            return SCIMFailure(.invalidValue("there is no user with id \(value)"))
        case let error as SCIMRequestError:
            return SCIMFailure(error)
        default:
            return error
        }
    }

    func audit(_ action: String, target: String, request: Request, db: Connection, details: [String: JSONNode]) throws {
        try authentication.audit(action, actor: actor(request), target: target, request: request, db: db, details: details)
    }
}
