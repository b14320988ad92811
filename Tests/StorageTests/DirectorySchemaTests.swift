import SQLite
import Storage
import Testing

/// The schema refuses what validation refuses, even when a caller writes SQL directly.
struct DirectorySchemaTests {
    let db: TestDatabase

    init() throws {
        db = try TestDatabase()
    }

    private func refuses(_ sql: String) {
        #expect(throws: SQLiteError.self, "\(sql)") { try db.write { try $0.execute(sql) } }
    }

    @Test func refusesBadAccountIDs() {
        for id in ["12345678901", "1234567890123", "12345678901a", "-12345678901", "１２３４５６７８９０１２"] {
            refuses("INSERT INTO accounts (id, name, email) VALUES ('\(id)', 'n', 'a@b.c')")
        }
    }

    @Test func refusesBadValuesInEveryTable() {
        let id = "00000000-0000-4000-8000-000000000000"
        refuses("INSERT INTO users (id, email, display_name, status) VALUES ('\(id)', 'a@b.c', 'A', 'paused')")
        refuses("INSERT INTO users (id, email, display_name, source) VALUES ('\(id)', 'a@b.c', 'A', 'ldap')")
        refuses("INSERT INTO users (id, email, display_name, attributes) VALUES ('\(id)', 'a@b.c', 'A', '[1]')")
        refuses("INSERT INTO users (id, email, display_name) VALUES ('\(id)', 'a@b.c', NULL)")
        refuses("INSERT INTO users (id, email, display_name, is_admin) VALUES ('\(id)', 'a@b.c', 'A', 'yes')")
        refuses("INSERT INTO groups (id, name) VALUES ('\(id)', '')")
        refuses("INSERT INTO accounts (id, name, email, ou_path) VALUES ('111111111111', 'n', 'a@b.c', 'service/app')")
        refuses("INSERT INTO permission_sets (id, name, session_duration_seconds) VALUES ('\(id)', 'P', 3599)")
        refuses("INSERT INTO permission_sets (id, name, session_duration_seconds) VALUES ('\(id)', 'P', 43201)")
        refuses("INSERT INTO permission_sets (id, name) VALUES ('\(id)', 'Admin Access')")
        refuses("INSERT INTO permission_sets (id, name, inline_policy) VALUES ('\(id)', 'P', '[]')")
        refuses("INSERT INTO permission_sets (id, name, relay_state) VALUES ('\(id)', 'P', 'http://console.aws.amazon.com/')")
        refuses("INSERT INTO assignments (principal_type, principal_id, account_id, permission_set_id) VALUES ('role', 'x', 'y', 'z')")
    }

    @Test func refusesEmailsDifferingOnlyByCase() throws {
        try db.write {
            try $0.execute("INSERT INTO users (id, email, display_name) VALUES ('00000000-0000-4000-8000-000000000001', 'a@b.c', 'A')")
        }
        refuses("INSERT INTO users (id, email, display_name) VALUES ('00000000-0000-4000-8000-000000000002', 'A@B.C', 'B')")
    }

    @Test func refusesAssignmentsToPrincipalsThatDoNotExist() throws {
        try db.write { db in
            try db.execute("INSERT INTO accounts (id, name, email) VALUES ('111111111111', 'n', 'a@b.c')")
            try db.execute("INSERT INTO permission_sets (id, name) VALUES ('00000000-0000-4000-8000-000000000001', 'P')")
        }
        for type in ["user", "group"] {
            refuses(
                """
                INSERT INTO assignments (principal_type, principal_id, account_id, permission_set_id)
                VALUES ('\(type)', 'ghost', '111111111111', '00000000-0000-4000-8000-000000000001')
                """)
        }
    }
}
