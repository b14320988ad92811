/// What one page of a list shows: a search term, an allow-listed sort column, and a window.
///
/// `Sort` is each store's own enum of sortable columns, so a column name from a URL can only ever
/// select one of them and is never spliced into SQL.
package struct ListQuery<Sort: SortColumn>: Hashable, Sendable {
    /// Matched as a case-insensitive substring (ASCII case) of the store's searchable columns; empty matches all.
    package var search: String
    package var sort: Sort
    package var descending: Bool
    package var limit: Int
    package var offset: Int

    package init(search: String = "", sort: Sort, descending: Bool = false, limit: Int = 50, offset: Int = 0) {
        self.search = search
        self.sort = sort
        self.descending = descending
        self.limit = max(0, limit)
        self.offset = max(0, offset)
    }

    /// `ORDER BY` text built only from the allow-listed column, with `tieBreaker` for a stable order across pages.
    func orderBy(tieBreaker: String) -> String {
        "ORDER BY \(sort.column) \(descending ? "DESC" : "ASC"), \(tieBreaker)"
    }

    /// The bound pattern for `LIKE ? ESCAPE '\'`: the search text with LIKE's wildcards made literal.
    var likePattern: String {
        var escaped = ""
        for character in search {
            if character == "%" || character == "_" || character == "\\" { escaped.append("\\") }
            escaped.append(character)
        }
        return "%\(escaped)%"
    }
}

/// A column a list may be sorted by: an enum whose cases each name one SQL expression.
package protocol SortColumn: Hashable, Sendable {
    var column: String { get }
}
