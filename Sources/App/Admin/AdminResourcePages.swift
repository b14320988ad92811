import Web

/// The pages of an admin resource kept in the directory (users, groups, permission sets): a list, a form
/// for a new one, each one's page, its edit form and its delete confirmation, at the same eight routes.
protocol AdminResourcePages: Sendable {
    func list(_ request: Request) throws -> HTTPResponse
    func new(_ request: Request) throws -> HTTPResponse
    /// Offloaded: it writes.
    func create(_ request: Request) throws -> HTTPResponse
    func show(_ request: Request) throws -> HTTPResponse
    func edit(_ request: Request) throws -> HTTPResponse
    /// Offloaded: it writes.
    func update(_ request: Request) throws -> HTTPResponse
    func confirmDelete(_ request: Request) throws -> HTTPResponse
    /// Offloaded: it writes.
    func delete(_ request: Request) throws -> HTTPResponse
}

extension RouteGroupBuilder {
    /// `path`, `path/new`, `path/:id`, `path/:id/edit` and `path/:id/delete`, reading with GET and writing
    /// with POST on the worker pool (`writes`, which may also allow larger bodies than the group's).
    mutating func resource(_ path: String, _ pages: some AdminResourcePages, writes: RouteOptions = .offloaded) {
        get(path, pages.list)
        get(path + "/new", pages.new)
        post(path + "/new", options: writes, pages.create)
        get(path + "/:id", pages.show)
        get(path + "/:id/edit", pages.edit)
        post(path + "/:id/edit", options: writes, pages.update)
        get(path + "/:id/delete", pages.confirmDelete)
        post(path + "/:id/delete", options: writes, pages.delete)
    }
}
