import TemplateEngine
import Web

/// Which page of an admin list to show (`?page=`, from 1) and the links to its neighbours.
///
/// Interim: the admin-directory branch brings the shared list plumbing (a query type and
/// `partials/pager.mustache`); when both are merged, the permission set and audit pages switch to it and
/// this type and `partials/interim-pager.mustache` go. Everything paging-related those pages do is here.
struct InterimPager {
    let page: Int
    let pageSize: Int

    /// The page asked for; anything that is not a positive number is page 1, and huge numbers are capped
    /// so the offset cannot overflow.
    init(_ request: Request, pageSize: Int) throws {
        let asked = Int(try request.query["page"] ?? "") ?? 1
        page = min(max(1, asked), 1_000_000)
        self.pageSize = pageSize
    }

    var offset: Int { (page - 1) * pageSize }

    /// `pager` for the partial: the range shown, and previous/next links that keep the list's other
    /// parameters (`query`, already chosen by the page, never copied from the request wholesale).
    func templateValue(total: Int, shown: Int, path: String, query: [(String, String)]) -> TemplateObject {
        let pageCount = max(1, (total + pageSize - 1) / pageSize)
        func href(_ page: Int) -> String {
            let items = query.filter { !$0.1.isEmpty } + (page > 1 ? [("page", String(page))] : [])
            guard !items.isEmpty else { return path }
            return path + "?" + items.map { "\($0.0)=\(QueryEncoding.component($0.1))" }.joined(separator: "&")
        }
        return [
            "page": page, "pageCount": pageCount, "total": total,
            "first": shown == 0 ? 0 : offset + 1, "last": offset + shown,
            "hasPrevious": page > 1, "previousHref": href(min(page - 1, pageCount)),
            "hasNext": page < pageCount, "nextHref": href(page + 1),
            "isPaged": pageCount > 1 || page > 1,
        ]
    }
}
