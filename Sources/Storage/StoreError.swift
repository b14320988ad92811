import SQLite

/// Why a store refused a change, in terms the admin pages and `portico apply` can show.
package enum StoreError: Error, Hashable, Sendable {
    /// Another row already has this value of a unique field (`email`, `name`, `id`, `assignment`).
    case duplicate(field: String)
    /// The row to read, change or delete does not exist.
    case notFound
    /// A referenced row (named by the field, e.g. `user_id`) does not exist.
    case missingReference(field: String, value: String)

    /// Runs `body`, turning a unique-constraint violation into `.duplicate(field:)` naming the column SQLite
    /// reports (`UNIQUE constraint failed: users.email` is `email`), or `compositeField` for a multi-column key.
    static func mappingDuplicate<T>(compositeField: String = "id", _ body: () throws -> T) throws -> T {
        do {
            return try body()
        } catch let error as SQLiteError where error.isUniqueConstraintViolation {
            let columns = error.message.split(separator: ":").last.map { $0.split(separator: ",") } ?? []
            guard columns.count == 1, let column = columns[0].split(separator: ".").last else {
                throw StoreError.duplicate(field: compositeField)
            }
            throw StoreError.duplicate(field: column.trimmingCharacters(in: " "))
        }
    }
}

extension Substring {
    fileprivate func trimmingCharacters(in set: Character) -> String {
        String(drop { $0 == set }.reversed().drop { $0 == set }.reversed())
    }
}
