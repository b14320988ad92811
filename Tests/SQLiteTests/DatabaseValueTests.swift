import SQLite
import Testing

struct DatabaseValueTests {
    private let directory: TemporaryDirectory
    private let database: Database

    init() throws {
        directory = try TemporaryDirectory()
        database = try Database(path: directory.databasePath())
        // No declared type: the column has no affinity, so every value comes back in the class it was bound with.
        try database.write { try $0.execute("CREATE TABLE t (v)") }
    }

    private func roundTrip(_ values: [DatabaseValue]) throws -> [DatabaseValue] {
        try database.write { db in
            for value in values { try db.execute("INSERT INTO t (v) VALUES (?)", [value]) }
        }
        return try database.read { db in try db.query("SELECT v FROM t ORDER BY rowid").map { try $0[0] } }
    }

    @Test func everyStorageClassRoundTripsUnchanged() throws {
        let values: [DatabaseValue] = [
            .null, .integer(Int64.max), .integer(Int64.min), .integer(0), .real(3.25), .real(-0.1),
            .text("こんにちは、世界"), .text("👩‍💻🎉 naïve"), .text(""), .text("a\u{0}b"),
            .blob([0, 1, 0, 255, 0]), .blob([]), .blob([0]),
        ]
        #expect(try roundTrip(values) == values)
    }

    @Test func literalsBuildTheMatchingCase() {
        let values: [DatabaseValue] = [nil, 42, 1.5, true, "x"]
        #expect(values == [.null, .integer(42), .real(1.5), .integer(1), .text("x")])
    }

    @Test func swiftTypesBindAndReadBack() throws {
        try database.write { db in
            try db.execute(
                "CREATE TABLE typed (i INTEGER, i64 INTEGER, i32 INTEGER, b INTEGER, d REAL, s TEXT, bytes BLOB, missing TEXT)"
            )
            let absent: String? = nil
            try db.execute(
                "INSERT INTO typed VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
                [42, Int64(1) << 62, Int32.min, true, 2.5, "🍣 寿司", [UInt8]([0, 0, 7]), absent])
        }
        let row = try #require(try database.read { try $0.queryOne("SELECT * FROM typed") })
        #expect(try row["i"] as Int == 42)
        #expect(try row["i64"] as Int64 == 1 << 62)
        #expect(try row["i32"] as Int32 == Int32.min)
        #expect(try row["b"] as Bool == true)
        #expect(try row["d"] as Double == 2.5)
        #expect(try row["s"] as String == "🍣 寿司")
        #expect(try row["bytes"] as [UInt8] == [0, 0, 7])
        #expect(try row["missing"] as String? == nil)
        #expect(try row["s"] as String? == "🍣 寿司")
    }

    @Test func nilLiteralBindsNull() throws {
        let isNull: Bool = try database.read { try $0.scalar("SELECT ? IS NULL", [nil]) }
        #expect(isNull)
    }

    @Test func wholeNumbersReadAsDouble() throws {
        let value: Double = try database.read { try $0.scalar("SELECT 7") }
        #expect(value == 7)
    }

    @Test func integerOutOfRangeForInt32IsATypeMismatch() throws {
        let row = try #require(try database.read { try $0.queryOne("SELECT 4294967296 AS big") })
        #expect(throws: RowDecodingError.typeMismatch(column: "big", expected: "Int32", found: "INTEGER")) {
            try row["big"] as Int32
        }
    }

    @Test func boolAcceptsOnlyZeroAndOne() throws {
        let row = try #require(try database.read { try $0.queryOne("SELECT 0 AS no, 1 AS yes, 2 AS other") })
        #expect(try row["no"] as Bool == false)
        #expect(try row["yes"] as Bool == true)
        #expect(throws: RowDecodingError.self) { try row["other"] as Bool }
    }
}
