import Domain
import SQLite
import Storage

/// Users and token hashes for the authentication store tests.
enum AuthenticationFixture {
    static let now = 1_800_000_000

    /// A distinct valid token hash (64 lowercase hex digits) for `seed`.
    static func tokenHash(_ seed: Int) -> String {
        let hex = String(seed, radix: 16)
        return String(repeating: "0", count: 64 - hex.count) + hex
    }

    @discardableResult
    static func user(_ db: TestDatabase, _ email: String, status: User.Status = .active, isAdmin: Bool = false) throws -> User {
        let user = User(email: email, displayName: email, status: status, isAdmin: isAdmin)
        try db.write { try UserStore($0).create(user) }
        return user
    }
}
