import Domain
import Storage
import TemplateEngine
import Web

/// The controls of an admin list page read from its query string: `q` (search), `page` (from 1), `sort`
/// and `dir` (`asc` or `desc`), and the links that change them.
///
/// `sort` can only name a case of the store's own `Sort` enum (its raw value, e.g. `memberCount`); anything
/// else falls back to the page's default, as does a `page` that is not a positive number, so a mangled
/// link shows the first page rather than an error. Links keep the other controls, so sorting keeps the
/// search and paging keeps both; they leave out what is at its default (`sort` for the default column,
/// page 1), so the plain path is the list's first page. A page with filters of its own (the audit log's
/// actor, action, target and times) passes them as `filters`, and every link keeps them too.
///
/// A page uses it in three steps:
/// ```
/// let list = try AdminListQuery(request, path: "/admin/groups", defaultSort: GroupStore.Sort.name)
/// let page = try database.read { try GroupStore($0).list(list.storeQuery) }
/// values = values.merging(list.templateValues(total: page.total))   // q, sort.<key>.*, pager
/// ```
/// and its template renders `{{> partials/pager}}` and sortable headers from `sort.<key>.href`,
/// `sort.<key>.ariaSort` and `sort.<key>.indicator`.
struct AdminListQuery<Sort: SortColumn & CaseIterable & RawRepresentable> where Sort.RawValue == String {
    static var defaultPageSize: Int { 50 }
    /// Search text longer than this is cut: no name or email in the directory is longer.
    static var maximumSearchLength: Int { 200 }

    /// The list page's own path, which every link starts from.
    let path: String
    /// The page's own parameters, kept first in every link; empty values are left out.
    let filters: [(name: String, value: String)]
    let search: String
    /// From 1.
    let page: Int
    let sort: Sort
    /// The column the list is sorted by when the link names none.
    let defaultSort: Sort
    let descending: Bool
    let pageSize: Int

    init(
        path: String, filters: [(name: String, value: String)] = [], search: String = "", page: Int = 1, sort: Sort,
        defaultSort: Sort? = nil, descending: Bool = false, pageSize: Int = defaultPageSize
    ) {
        self.path = path
        self.filters = filters.filter { !$0.value.isEmpty }
        self.search = String(search.prefix(Self.maximumSearchLength))
        self.page = max(1, page)
        self.sort = sort
        self.defaultSort = defaultSort ?? sort
        self.descending = descending
        self.pageSize = max(1, pageSize)
    }

    /// The controls this request asks for; `filters` are the page's own, already read and checked by it.
    init(
        _ request: Request, path: String, filters: [(name: String, value: String)] = [], defaultSort: Sort,
        pageSize: Int = defaultPageSize
    ) throws(HTTPError) {
        let query = try request.query
        let requestedPage = query["page"].flatMap { Int($0) } ?? 1
        // A page number so large that its offset overflows names no page anyone could reach.
        let page = requestedPage > 0 && requestedPage <= Int(Int32.max) / max(1, pageSize) ? requestedPage : 1
        self.init(
            path: path, filters: filters, search: (query["q"] ?? "").trimmingWhitespace(), page: page,
            sort: query["sort"].flatMap { Sort(rawValue: $0) } ?? defaultSort, defaultSort: defaultSort,
            descending: query["dir"] == "desc", pageSize: pageSize)
    }

    /// Where this page's window starts in the whole list.
    var offset: Int { (page - 1) * pageSize }

    /// What the store lists: this page's window of the sorted, searched list.
    var storeQuery: ListQuery<Sort> {
        ListQuery(search: search, sort: sort, descending: descending, limit: pageSize, offset: offset)
    }

    /// The link to this list with some controls changed; the others are kept.
    func href(page: Int? = nil, sort: Sort? = nil, descending: Bool? = nil) -> String {
        let sort = sort ?? self.sort
        let page = page ?? self.page
        var parameters = filters
        if !search.isEmpty { parameters.append(("q", search)) }
        if sort != defaultSort { parameters.append(("sort", sort.rawValue)) }
        if descending ?? self.descending { parameters.append(("dir", "desc")) }
        if page > 1 { parameters.append(("page", String(page))) }
        return path + QueryEncoding.query(parameters)
    }

    /// `q`, `sort` (one object per sort key) and `pager`, for a page that lists `total` matching items.
    func templateValues(total: Int) -> TemplateObject {
        ["q": search, "sort": sortLinks, "pager": pager(total: total)]
    }

    /// Per sort key: `href` (sorts by it, ascending, or flips the direction when it is already the sort),
    /// `ariaSort` (`ascending`, `descending` or `none`) and `indicator` (an arrow on the current column).
    var sortLinks: TemplateObject {
        TemplateObject(
            Sort.allCases.map { key in
                let isCurrent = key == sort
                let link: TemplateObject = [
                    "href": href(page: 1, sort: key, descending: isCurrent ? !descending : false),
                    "ariaSort": isCurrent ? (descending ? "descending" : "ascending") : "none",
                    "indicator": isCurrent ? (descending ? " ↓" : " ↑") : "",
                    "isCurrent": isCurrent,
                ]
                return (key.rawValue, link.templateValue)
            })
    }

    /// What `partials/pager` shows: where this page sits in the list, and links to the pages beside it.
    func pager(total: Int) -> TemplateObject {
        let pageCount = max(1, (total + pageSize - 1) / pageSize)
        return [
            "page": page, "pageCount": pageCount, "total": total, "firstItem": offset + 1, "lastItem": min(total, offset + pageSize),
            "hasItems": offset < total, "isPaged": pageCount > 1 || page > 1,
            "previous": page > 1 ? TemplateValue.string(href(page: min(page - 1, pageCount))) : .null,
            "next": page < pageCount ? TemplateValue.string(href(page: page + 1)) : .null,
            "first": page > 2 ? TemplateValue.string(href(page: 1)) : .null,
            "last": page < pageCount - 1 ? TemplateValue.string(href(page: pageCount)) : .null,
        ]
    }
}
