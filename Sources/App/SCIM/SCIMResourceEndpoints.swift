import HTTPServer
import JSON
import SCIM
import SQLite
import Storage
import Web

/// What `/Users` and `/Groups` share: their routes, listing and reading; each kind writes its own way.
protocol SCIMResourceEndpoints: Sendable {
    associatedtype Item: Sendable
    /// `/Users` or `/Groups`.
    static var path: String { get }
    /// What a clash is a clash of, for the 409: `userName`, `displayName`.
    static var uniqueAttribute: String { get }
    var service: SCIMService { get }
    var collection: SCIMCollection<Item> { get }

    func create(_ request: Request) throws -> HTTPResponse
    func replace(_ request: Request) throws -> HTTPResponse
    func patch(_ request: Request) throws -> HTTPResponse
    func delete(_ request: Request) throws -> HTTPResponse
}

extension SCIMResourceEndpoints {
    /// Every route offloaded: writes wait for SQLite's writer, and a filter on an unindexed attribute reads
    /// the whole table.
    func register(on scim: inout RouteGroupBuilder) {
        let path = Self.path
        scim.get(path, options: .offloaded) { request in try list(SCIMListQuery(query: request.query)) }
        scim.post(path + "/.search", options: .offloaded) { request in try list(SCIMListQuery(searchBody: service.body(request))) }
        scim.get(path + "/:id", options: .offloaded, read)
        scim.post(path, options: .offloaded, create)
        scim.put(path + "/:id", options: .offloaded, replace)
        scim.patch(path + "/:id", options: .offloaded, patch)
        scim.delete(path + "/:id", options: .offloaded, delete)
    }

    private func list(_ query: SCIMListQuery) throws -> HTTPResponse {
        let (total, resources) = try service.authentication.database.read { db in
            try collection.list(query, store: SCIMDirectoryStore(db))
        }
        return service.list(total, resources, startIndex: query.startIndex)
    }

    /// One resource, with `attributes`/`excludedAttributes` applied and a 304 for a matching `If-None-Match`.
    private func read(_ request: Request) throws -> HTTPResponse {
        let source = collection.source
        let projection = try SCIMProjection(
            attributes: try request.query["attributes"], excludedAttributes: try request.query["excludedAttributes"])
        let complete = projection.wants(source.costlyAttribute, schema: source.schema)
        let json = try service.authentication.database.read { db -> [String: JSONNode]? in
            let store = SCIMDirectoryStore(db)
            guard let item = try source.find(store, .id, request.parameters["id"] ?? "").first else { return nil }
            return try source.render(store, item, complete)
        }
        guard let json else { throw service.missing(source.schema.core.name.lowercased(), request) }
        if let tag = request.headers["If-None-Match"], case .object(let meta)? = json["meta"], meta["version"] == .string(tag) {
            return service.notModified(tag)
        }
        return service.resource(projection.apply(json, schema: source.schema))
    }

    /// One write transaction, with the directory's refusals said as SCIM says them.
    func write<T>(_ body: (Connection) throws -> T) throws -> T {
        do {
            return try service.authentication.database.write(body)
        } catch {
            throw service.translate(error, kind: collection.source.schema.core.name.lowercased(), uniqueField: Self.uniqueAttribute)
        }
    }
}
