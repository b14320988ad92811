import Domain
import Foundation
import SQLite
import Storage
import TestSupport
import Testing

@testable import Directory

/// A directory file may give durations in words as the pages take them; `portico export` writes ISO-8601.
struct DirectoryDurationTests {
    @Test func durationsInWordsApplyAndExportAsISO8601() throws {
        let directory = Checkout.temporaryDirectory("apply-durations")
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let database = try Schema.openAndMigrate(path: directory + "/portico.sqlite3")
        let text = """
            {"settings": {"portal_session_duration": "1 day", "provisioning_interval": "15 min"},
             "permission_sets": [{"name": "Deploy", "session_duration": "1 h 30 min"}]}
            """
        _ = try DirectorySync.apply(Array(text.utf8), to: database, dryRun: false, clock: .system)
        let set = try database.read { try PermissionSetStore($0).find(name: "Deploy") }
        #expect(set?.sessionDuration == ISODuration(seconds: 5_400))
        let settings = try database.read { try SettingsStore($0).all() }
        #expect(settings.portalSessionDuration == ISODuration(seconds: 86_400))
        #expect(settings.provisioning.interval == ISODuration(seconds: 900))
        let exported = try DirectorySync.export(from: database)
        #expect(exported.contains(#""session_duration" : "PT1H30M""#))
        #expect(exported.contains(#""portal_session_duration" : "P1D""#) && exported.contains(#""provisioning_interval" : "PT15M""#))
    }
}
