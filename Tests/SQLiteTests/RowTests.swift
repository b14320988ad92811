import SQLite
import Testing

struct RowTests {
    private let row = Row(
        columnNames: ["id", "Email", "note", "password_hash"],
        values: [.integer(7), .text("ada@example.com"), .null, .text("scrypt$secret-hash")])

    @Test func readsColumnsByIndexAndByName() throws {
        #expect(try row[0] as Int == 7)
        #expect(try row["Email"] as String == "ada@example.com")
        #expect(row.count == 4)
    }

    @Test func columnNamesMatchCaseInsensitivelyLikeSQLite() throws {
        #expect(try row["email"] as String == "ada@example.com")
        #expect(try row["ID"] as Int == 7)
    }

    @Test func missingColumnThrowsColumnNotFound() {
        #expect(throws: RowDecodingError.columnNotFound("name")) { try row["name"] as String }
    }

    @Test func indexOutOfRangeThrows() {
        #expect(throws: RowDecodingError.columnIndexOutOfRange(4, columnCount: 4)) { try row[4] as Int }
        #expect(throws: RowDecodingError.columnIndexOutOfRange(-1, columnCount: 4)) { try row[-1] as Int }
    }

    @Test func nullIntoNonOptionalThrowsUnexpectedNull() throws {
        #expect(throws: RowDecodingError.unexpectedNull(column: "note", expected: "String")) {
            try row["note"] as String
        }
        #expect(try row["note"] as String? == nil)
    }

    @Test func wrongTypeThrowsTypeMismatchWithoutShowingTheValue() {
        let error = #expect(throws: RowDecodingError.self) { try row["password_hash"] as Int }
        #expect(error == .typeMismatch(column: "password_hash", expected: "Int", found: "TEXT"))
        #expect(error?.description.contains("secret") == false)
    }

    @Test func rawValueIsAvailableAsDatabaseValue() throws {
        #expect(try row["note"] as DatabaseValue == .null)
        #expect(try row[0] as DatabaseValue == 7)
    }
}
