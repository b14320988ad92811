import Domain
import Foundation
import SQLite
import Storage
import Testing

@testable import App

/// The organisation `PORTICO_DEMO=1` loads.
struct DemoDirectoryTests {
    @Test func theDemoIsAValidDirectoryFile() throws {
        let file = try DirectoryFile.parse(Array(DemoDirectory.file.text().utf8))
        #expect(file.accounts?.count == 12)
        #expect(Set(file.permissionSets?.map(\.name) ?? []) == ["AdministratorAccess", "PowerUserAccess", "ReadOnlyAccess", "Billing"])
        #expect(DemoDirectory.file.users?.allSatisfy { $0.password == DemoDirectory.password } == true)
    }

    @Test func loadsOnceIntoAnEmptyDatabaseAndNeverAgain() throws {
        let directory = Checkout.temporaryDirectory("demo")
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let database = try Schema.openAndMigrate(path: directory + "/portico.sqlite3")
        #expect(try DemoDirectory.loadIfEmpty(into: database))
        let loaded = try DirectorySync.export(from: database)
        #expect(!(try DemoDirectory.loadIfEmpty(into: database)))
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
        }
    }

    @Test func serveWithDemoLoadsItAndSaysHowToSignIn() throws {
        let data = Checkout.temporaryDirectory("demo-serve")
        defer { try? FileManager.default.removeItem(atPath: data) }
        let captured = CapturedLog()
        let configuration = Configuration(
            listen: .init(host: "127.0.0.1", port: 0), dataDirectory: data, resourcesDirectory: Checkout.root, demo: true)
        _ = try PorticoApp(configuration: configuration, log: captured.log)
        let line = try #require(captured.entries.first { $0["message"] as? String == "demo directory loaded" })
        #expect((line["sign_in"] as? String)?.contains("admin@example.com") == true)
        #expect((line["sign_in"] as? String)?.contains("portico-demo") == true)

        let again = CapturedLog()
        _ = try PorticoApp(configuration: configuration, log: again.log)
        #expect(!again.entries.contains { $0["message"] as? String == "demo directory loaded" })
    }
}
