import Domain
import Storage
import TemplateEngine
import Web

/// `/admin/audit`: the audit log newest first, filtered by actor, action, target, a substring and time,
/// with names beside ids and details as lines; and the same events as a JSON-lines download, unchanged.
struct AdminAuditPages: Sendable {
    static let pageSize = 50
    /// The most events one download holds; the page says so when the filter matches more. At a few
    /// hundred bytes an event that is tens of megabytes, and a narrower time range reaches the rest.
    static let exportLimit = 100_000

    /// The log's one order, newest first: the list query wants a sort all the same, and with only the
    /// default there is never a `sort` in the links.
    enum Order: String, SortColumn, CaseIterable {
        case newest

        var column: String { "time" }
    }

    let pages: PageRenderer
    let authentication: Authentication

    func list(_ request: Request) throws -> HTTPResponse {
        let form = AuditFilterForm(try request.query)
        let list = try AdminListQuery(
            request, path: "/admin/audit", filters: form.queryItems, defaultSort: Order.newest, pageSize: Self.pageSize)
        let (total, events, actions, names) = try authentication.database.read { db in
            let store = AuditStore(db)
            let page = form.isValid ? try store.list(form.filter, limit: list.pageSize, offset: list.offset) : Page(items: [], total: 0)
            let rows = page.items.map { AuditRow(event: $0) }
            return (page.total, rows, try store.actions(), try store.names(for: rows.reduce(into: Set<String>()) { $0.formUnion($1.ids) }))
        }
        let rows = events.map { $0.templateValue(names: names) }
        var values = form.templateValues
        values["events"] = .list(rows)
        values["hasEvents"] = .bool(!rows.isEmpty)
        values["actions"] = .list(actions.map { .string($0) })
        values["downloadHref"] = .string("/admin/audit.jsonl" + QueryEncoding.query(form.queryItems))
        values["exportLimit"] = .string(Self.exportLimit.formatted)
        values["exceedsExportLimit"] = .bool(total > Self.exportLimit)
        values["pager"] = .object(list.pager(total: total))
        return try pages.page(
            "pages/admin-audit", request: request, values.merging(AdminSection.audit.templateValues),
            status: form.isValid ? .ok : .unprocessableContent)
    }

    /// The filtered events as JSON lines (newest first, at most `exportLimit`), streamed page by page.
    func download(_ request: Request) throws -> HTTPResponse {
        let form = AuditFilterForm(try request.query)
        guard form.isValid else {
            throw HTTPError(.badRequest, form.errors.sorted { $0.key < $1.key }.map(\.value).joined(separator: " "))
        }
        var headers = HTTPHeaders()
        headers.add(name: "Content-Type", value: "application/x-ndjson")
        headers.add(name: "Content-Disposition", value: "attachment; filename=\"portico-audit-\(fileStamp()).jsonl\"")
        headers.add(name: "Cache-Control", value: "no-store")
        let stream = AuditExportStream(database: authentication.database, filter: form.filter, limit: Self.exportLimit)
        return HTTPResponse(status: .ok, headers: headers, body: .stream(stream))
    }

    /// `20261122T091500Z`, from the audit clock.
    private func fileStamp() -> String {
        let now = authentication.clock.now().iso8601Milliseconds
        return String(now.prefix(19).filter { $0 != "-" && $0 != ":" }) + "Z"
    }
}

extension Int {
    /// With thousands separators, as the pages show counts: `100,000`.
    fileprivate var formatted: String {
        let digits = Array(String(self))
        var text = ""
        for (index, digit) in digits.enumerated() {
            if index > 0 && (digits.count - index) % 3 == 0 { text.append(",") }
            text.append(digit)
        }
        return text
    }
}
