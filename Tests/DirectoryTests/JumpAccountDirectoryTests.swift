import Domain
import Foundation
import SQLite
import Storage
import TestSupport
import Testing

@testable import Directory

/// The directory file's `via` on accounts: read, exported, applied in an order that keeps every step one
/// hop, and refused when the accounts it names would chain, loop or not exist.
struct JumpAccountDirectoryTests {
    static let file = """
        {
          "accounts": [
            {"id": "200000000001", "name": "shop-prod", "email": "aws+shop-prod@example.com",
             "via": {"account": "100000000000", "role": "PorticoJump"}},
            {"id": "200000000002", "name": "shop-dev", "email": "aws+shop-dev@example.com", "via": {"account": "100000000000"}},
            {"id": "100000000000", "name": "jump", "email": "aws+jump@example.com"}
          ]
        }
        """

    private func withDatabase(_ body: (Database) throws -> Void) throws {
        let directory = Checkout.temporaryDirectory("jump-apply")
        defer { try? FileManager.default.removeItem(atPath: directory) }
        try body(try Schema.openAndMigrate(path: directory + "/portico.sqlite3"))
    }

    @discardableResult
    private func apply(_ text: String, to database: Database) throws -> [String] {
        let plan = try DirectorySync.apply(Array(text.utf8), to: database, clock: .system)
        return plan.lines
    }

    private func routes(_ database: Database) throws -> [String: JumpRoute] {
        try database.read { db in
            let accounts = try AccountStore(db).list(ListQuery(sort: .id, limit: 100)).items
            return Dictionary(uniqueKeysWithValues: accounts.compactMap { account in account.reachedThrough.map { (account.id, $0) } })
        }
    }

    @Test func readsTheRouteWithOrWithoutARole() throws {
        let file = try DirectoryFile.parse(Array(Self.file.utf8))
        #expect(
            file.accounts?.map(\.via) == [
                JumpRoute(accountID: "100000000000", roleName: "PorticoJump"), JumpRoute(accountID: "100000000000"), nil,
            ])
    }

    /// The jump account is listed last, yet created first: the plan routes accounts only once their jump
    /// account exists.
    @Test func appliesExportsAndAppliesAgainWithoutChanges() throws {
        try withDatabase { database in
            #expect(
                try apply(Self.file, to: database) == [
                    "create account 100000000000", "create account 200000000001", "create account 200000000002",
                ])
            #expect(
                try routes(database) == [
                    "200000000001": JumpRoute(accountID: "100000000000", roleName: "PorticoJump"),
                    "200000000002": JumpRoute(accountID: "100000000000"),
                ])
            let exported = try DirectorySync.export(from: database)
            let accounts = try #require(
                (try JSONSerialization.jsonObject(with: Data(exported.utf8)) as? [String: Any])?["accounts"] as? [[String: Any]])
            #expect(
                accounts.map { $0["via"] as? [String: String] } == [
                    nil, ["account": "100000000000", "role": "PorticoJump"], ["account": "100000000000"],
                ])
            #expect(try apply(exported, to: database) == [])
        }
    }

    @Test func aChangedRouteIsOnePlanLine() throws {
        try withDatabase { database in
            try apply(Self.file, to: database)
            let changed = Self.file.replacingOccurrences(of: #""role": "PorticoJump""#, with: #""role": "Jump2""#)
            #expect(
                try apply(changed, to: database) == [
                    "update account 200000000001: via.role PorticoJump → Jump2"
                ])
            let direct = changed.replacingOccurrences(of: #", "via": {"account": "100000000000"}"#, with: "")
            #expect(try apply(direct, to: database) == ["update account 200000000002: via.account 100000000000 → (none)"])
            #expect(try routes(database)["200000000002"] == nil)
        }
    }

    /// Two accounts trade places (the jump account becomes the one reached, and the other way round) in one
    /// file; and a routed account that the file deletes lets go of its jump account before that one gets a
    /// route itself. Each step stays one hop, and the database's triggers would refuse any step that did not.
    @Test func routesCanTradePlacesAndJumpAccountsGoAfterTheirAccounts() throws {
        try withDatabase { database in
            try apply(Self.file, to: database)
            let swapped = """
                {"accounts": [
                  {"id": "200000000001", "name": "shop-prod", "email": "aws+shop-prod@example.com"},
                  {"id": "100000000000", "name": "jump", "email": "aws+jump@example.com", "via": {"account": "200000000001"}}
                ]}
                """
            #expect(
                try apply(swapped, to: database) == [
                    "update account 200000000001: via.account 100000000000 → (none), via.role PorticoJump → (none)",
                    "update account 100000000000: via.account (none) → 200000000001",
                    "delete account 200000000002",
                ])
            #expect(try routes(database) == ["100000000000": JumpRoute(accountID: "200000000001")])

            let none = #"{"accounts": []}"#
            #expect(try apply(none, to: database) == ["delete account 100000000000", "delete account 200000000001"])
        }
    }

    @Test func refusesRoutesThatDoNotResolveChainOrLoopAndChangesNothing() throws {
        try withDatabase { database in
            try apply(Self.file, to: database)
            let before = try DirectorySync.export(from: database)
            let text = """
                {"accounts": [
                  {"id": "100000000000", "name": "jump", "email": "aws+jump@example.com"},
                  {"id": "200000000001", "name": "shop-prod", "email": "aws+shop-prod@example.com", "via": {"account": "999999999999"}},
                  {"id": "200000000002", "name": "shop-dev", "email": "aws+shop-dev@example.com", "via": {"account": "200000000003"}},
                  {"id": "200000000003", "name": "shop-stg", "email": "aws+shop-stg@example.com", "via": {"account": "100000000000"}},
                  {"id": "200000000004", "name": "loop", "email": "aws+loop@example.com", "via": {"account": "200000000004"}},
                  {"id": "200000000005", "name": "bad", "email": "aws+bad@example.com", "via": {"account": "100000000000", "role": "a/b", "x": 1}},
                  {"id": "200000000006", "name": "bad", "email": "aws+bad@example.com", "via": {"role": "Jump"}}
                ]}
                """
            #expect(
                throws: DirectoryFileError.Invalid([
                    DirectoryFileError("$.accounts[1].via.account", "unknown account 999999999999"),
                    DirectoryFileError(
                        "$.accounts[2].via.account",
                        "is itself reached through 100000000000; a jump account must be one people sign in to directly"),
                    DirectoryFileError(
                        "$.accounts[3].via.account",
                        "cannot be set: 200000000002 is reached through this account, which must stay a jump account"),
                    DirectoryFileError(
                        "$.accounts[4].via.account", "must be another account: an account cannot be reached through itself"),
                    DirectoryFileError("$.accounts[5].via.x", "unknown field"),
                    DirectoryFileError("$.accounts[5].via.role", "must be an IAM role name of 1 to 64 letters, digits or +=,.@_-"),
                    DirectoryFileError("$.accounts[6].via.account", "is required"),
                ])
            ) { try apply(text, to: database) }
            #expect(try DirectorySync.export(from: database) == before)
        }
    }
}
