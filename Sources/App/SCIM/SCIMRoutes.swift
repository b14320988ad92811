import JSON
import SCIM
import Web

/// `/scim/v2`: the SCIM 2.0 service identity providers provision users and groups through (RFC 7644).
///
/// A machine group: no cookies, no CSRF, a SCIM bearer token on every request (`SCIMTokenAuthenticator`),
/// bodies as `application/scim+json` or `application/json`, and every error in SCIM's format, 401, 404 and
/// 405 included. Every authenticated request is kept for the Provisioning page (`SCIMRequestLog`).
enum SCIMRoutes {
    static let prefix = "/scim/v2"
    /// A PATCH adding a thousand members is about 60 KiB; Entra sends far less.
    static let maxBodySize = 1024 * 1024

    static func register(on router: inout Router, authentication: Authentication, baseURL: String) {
        let settings = RouteGroup.Settings.machine(
            name: "scim", authenticator: SCIMTokenAuthenticator(authentication: authentication),
            middleware: [SCIMRequestLog(authentication: authentication)], renderError: SCIMFailure.render,
            maxBodySize: maxBodySize)
        let configuration = serviceProviderConfig(baseURL: baseURL)
        let service = SCIMService(authentication: authentication, base: baseURL + prefix)
        router.group(prefix, settings) { scim in
            SCIMUserEndpoints(service: service).register(on: &scim)
            SCIMGroupEndpoints(service: service).register(on: &scim)
            scim.post("/.search") { _ in
                throw SCIMFailure(
                    SCIMRequestError(status: 501, scimType: nil, detail: "Search /Users/.search or /Groups/.search; not both at once."))
            }
            scim.get("/ServiceProviderConfig") { _ in
                HTTPResponse.json(Array(configuration.text().utf8), contentType: SCIMFailure.contentType)
            }
            discovery(on: &scim, "/Schemas", SCIMSchema.all.map { ($0.id, $0.json(baseURL: baseURL)) })
            discovery(on: &scim, "/ResourceTypes", resourceTypes(baseURL: baseURL))
        }
    }

    /// A fixed list at `path` and each of its items at `path/{id}`, as `/Schemas` and `/ResourceTypes` are.
    private static func discovery(on scim: inout RouteGroupBuilder, _ path: String, _ items: [(id: String, json: JSONNode)]) {
        let list = response(
            .object([
                "schemas": .strings(["urn:ietf:params:scim:api:messages:2.0:ListResponse"]), "totalResults": .number(Double(items.count)),
                "itemsPerPage": .number(Double(items.count)), "startIndex": .number(1), "Resources": .array(items.map(\.json)),
            ]))
        scim.get(path) { _ in list }
        scim.get(path + "/:id") { request in
            guard let item = items.first(where: { $0.id == request.parameters["id"] }) else {
                throw SCIMFailure(SCIMRequestError(status: 404, scimType: nil, detail: "There is nothing at \(path) with that id."))
            }
            return response(item.json)
        }
    }

    private static func response(_ json: JSONNode) -> HTTPResponse {
        HTTPResponse.json(Array(json.text().utf8), contentType: SCIMFailure.contentType)
    }

    /// The two resource types (RFC 7643 §6): users with the enterprise extension, and groups.
    static func resourceTypes(baseURL: String) -> [(id: String, json: JSONNode)] {
        [("User", "/Users", SCIMSchema.userID, [SCIMSchema.enterpriseUserID]), ("Group", "/Groups", SCIMSchema.groupID, [])].map {
            id, endpoint, schema, extensions in
            var fields: [String: JSONNode] = [
                "schemas": .strings(["urn:ietf:params:scim:schemas:core:2.0:ResourceType"]), "id": .string(id), "name": .string(id),
                "endpoint": .string(endpoint), "schema": .string(schema),
                "meta": .object(["resourceType": .string("ResourceType"), "location": .string(baseURL + prefix + "/ResourceTypes/" + id)]),
            ]
            if !extensions.isEmpty {
                fields["schemaExtensions"] = .array(extensions.map { .object(["schema": .string($0), "required": .bool(false)]) })
            }
            return (id, .object(fields))
        }
    }

    /// What this service supports, exactly (RFC 7643 §5): PATCH, filters (the whole grammar, 200 results
    /// a page), sorting and ETags; no bulk operations and no password changes (SCIM users sign in through
    /// their identity provider, so a `password` sent is not stored).
    static func serviceProviderConfig(baseURL: String) -> JSONNode {
        .object([
            "schemas": .strings(["urn:ietf:params:scim:schemas:core:2.0:ServiceProviderConfig"]),
            "patch": .object(["supported": .bool(true)]),
            "bulk": .object(["supported": .bool(false), "maxOperations": .number(0), "maxPayloadSize": .number(0)]),
            "filter": .object(["supported": .bool(true), "maxResults": .number(Double(SCIMListQuery.maximumCount))]),
            "changePassword": .object(["supported": .bool(false)]),
            "sort": .object(["supported": .bool(true)]),
            "etag": .object(["supported": .bool(true)]),
            "authenticationSchemes": .array([
                .object([
                    "type": .string("oauthbearertoken"), "name": .string("OAuth Bearer Token"), "primary": .bool(true),
                    "description": .string("A token made on Portico's Provisioning page or with portico scim-token create."),
                ])
            ]),
            "meta": .object([
                "resourceType": .string("ServiceProviderConfig"), "location": .string(baseURL + prefix + "/ServiceProviderConfig"),
            ]),
        ])
    }
}
