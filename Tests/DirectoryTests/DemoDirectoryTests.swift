import Domain
import Foundation
import SQLite
import Storage
import TestSupport
import Testing
import Time

@testable import Directory

/// The organisation `PORTICO_DEMO=1` loads.
struct DemoDirectoryTests {
    @Test func theDemoIsAValidDirectoryFile() throws {
        let file = try DirectoryFile.parse(Array(DemoDirectory.file.text().utf8))
        #expect(file.accounts?.count == 15)
        #expect(Set(file.permissionSets?.map(\.name) ?? []) == ["AdministratorAccess", "PowerUserAccess", "ReadOnlyAccess", "Billing"])
        #expect(DemoDirectory.file.users?.allSatisfy { $0.password == DemoDirectory.password } == true)
    }

    @Test func loadsOnceIntoAnEmptyDatabaseAndNeverAgain() throws {
        let directory = Checkout.temporaryDirectory("demo")
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let database = try Schema.openAndMigrate(path: directory + "/portico.sqlite3")
        #expect(try DemoDirectory.loadIfEmpty(into: database, clock: .system))
        let loaded = try DirectorySync.export(from: database)
        #expect(!(try DemoDirectory.loadIfEmpty(into: database, clock: .system)))
        #expect(try DirectorySync.export(from: database) == loaded)

        try database.read { (db: Connection) throws -> Void in
            let vendor = try #require(try UserStore(db).find(email: "vendor@partner.example"))
            #expect(
                try AssignmentStore(db).effectiveAccess(for: vendor.id).map { "\($0.accountName) \($0.permissionSetName)" } == [
                    "sandbox-partner ReadOnlyAccess"
                ])
            let developer = try #require(try UserStore(db).find(email: "hanako.sato@example.com"))
            #expect(developer.displayName == "佐藤 花子")
            let access = try AssignmentStore(db).effectiveAccess(for: developer.id).map { "\($0.accountName) \($0.permissionSetName)" }
            #expect(access.contains("shop-prod ReadOnlyAccess") && access.contains("shop-dev PowerUserAccess"))
            #expect(!access.contains { $0.hasPrefix("ledger") })
            let shopProd = try #require(try AccountStore(db).find(id: "200000000001"))
            let bounds = try #require(try OwnerBoundsStore(db).effective(for: shopProd))
            #expect(bounds.scope == .account(shopProd.id) && bounds.bounds.users == .organisation)
            let ledgerDev = try #require(try AccountStore(db).find(id: "300000000003"))
            #expect(try OwnerBoundsStore(db).effective(for: ledgerDev)?.scope == .ou("root/service"))

            // The jump-account setup: two accounts reached through the jump account, one through a named role.
            let accounts = AccountStore(db)
            #expect(try accounts.accountIDs(reachedThrough: DemoDirectory.jumpAccountID) == ["500000000002", "500000000003"])
            #expect(
                try accounts.find(id: "500000000002")?.reachedThrough
                    == JumpRoute(accountID: DemoDirectory.jumpAccountID, roleName: "PorticoJump"))
            #expect(try accounts.find(id: "500000000003")?.reachedThrough == JumpRoute(accountID: DemoDirectory.jumpAccountID))
            let ledger = try #require(try UserStore(db).find(email: "taro.yamada@example.com"))
            let ledgerAccess = try AssignmentStore(db).effectiveAccess(for: ledger.id).map { "\($0.accountName) \($0.permissionSetName)" }
            #expect(ledgerAccess.contains("batch-prod ReadOnlyAccess") && ledgerAccess.contains("batch-dev PowerUserAccess"))
        }
    }
}
