import Domain

/// A CSV file of users as the import reads it, before the directory is consulted: the header mapped to
/// columns, each row's cells, and the problems visible in the file alone.
///
/// The header row is required and its names are matched without case, spaces, `_` or `-` (`Display
/// name`, `display_name` and `DisplayName` are one column). `email` and `display name` are required
/// columns; `given name`, `family name` and `groups` (names separated by `;`) are optional. Rows are
/// numbered as a spreadsheet numbers them: the header is row 1.
package struct UserImportFile {
    /// One data row, its cells trimmed of surrounding whitespace.
    package struct Row {
        package let number: Int
        package let email: String
        package let displayName: String
        package let givenName: String
        package let familyName: String
        /// Group names in the order given, without repeats.
        package let groups: [String]
    }

    /// What is wrong with one cell (or the whole row, or the file when `row` is 0).
    package struct Problem: Hashable {
        package let row: Int
        package let field: String
        package let reason: String
    }

    package enum Column: String, CaseIterable {
        case email
        case displayName = "display name"
        case givenName = "given name"
        case familyName = "family name"
        case groups

        /// Spellings a header cell may use, already reduced by `key(_:)`.
        package var keys: [String] {
            switch self {
            case .email: ["email", "emailaddress"]
            case .displayName: ["displayname", "name"]
            case .givenName: ["givenname", "firstname"]
            case .familyName: ["familyname", "lastname", "surname"]
            case .groups: ["groups", "group"]
            }
        }

        package static func key(_ header: String) -> String {
            String(header.lowercased().filter { $0 != " " && $0 != "_" && $0 != "-" })
        }
    }

    /// No more rows than this, header included: the directory's users at Portico's intended scale.
    package static let maximumRows = 10_001

    package var rows: [Row] = []
    package var problems: [Problem] = []

    package init(csv: String) {
        let records: [[String]]
        do {
            records = try CSVParser.parse(csv, maximumRecords: Self.maximumRows)
        } catch {
            problems.append(Problem(row: 0, field: "file", reason: "The text is not valid CSV at \(error)."))
            return
        }
        guard let header = records.first, !(header.count == 1 && header[0].trimmingWhitespace().isEmpty) else {
            problems.append(Problem(row: 0, field: "file", reason: "The file is empty; it needs a header row and a row per user."))
            return
        }
        var columns: [Column: Int] = [:]
        for (index, cell) in header.enumerated() {
            let key = Column.key(cell.trimmingWhitespace())
            guard let column = Column.allCases.first(where: { $0.keys.contains(key) }) else {
                problems.append(
                    Problem(
                        row: 1, field: "header",
                        reason:
                            "Unknown column \(DirectoryChange.shown(cell)); the columns are email, display name, given name, family name and groups."
                    ))
                continue
            }
            if columns[column] != nil {
                problems.append(Problem(row: 1, field: "header", reason: "The column \(column.rawValue) appears twice."))
            }
            columns[column] = index
        }
        for required in [Column.email, .displayName] where columns[required] == nil {
            problems.append(Problem(row: 1, field: "header", reason: "The header has no \(required.rawValue) column."))
        }
        guard problems.isEmpty else { return }

        for (offset, record) in records.dropFirst().enumerated() {
            let number = offset + 2
            if record.allSatisfy({ $0.trimmingWhitespace().isEmpty }) { continue }
            guard record.count == header.count else {
                problems.append(Problem(row: number, field: "row", reason: "has \(record.count) cells; the header has \(header.count)"))
                continue
            }
            func cell(_ column: Column) -> String { columns[column].map { record[$0].trimmingWhitespace() } ?? "" }
            var groups: [String] = []
            for name in cell(.groups).split(separator: ";").map({ String($0).trimmingWhitespace() }) where !name.isEmpty {
                if !groups.contains(name) { groups.append(name) }
            }
            rows.append(
                Row(
                    number: number, email: cell(.email), displayName: cell(.displayName), givenName: cell(.givenName),
                    familyName: cell(.familyName), groups: groups))
        }
        if rows.isEmpty && problems.isEmpty {
            problems.append(Problem(row: 0, field: "file", reason: "The file has a header but no users."))
        }
    }
}
