import Foundation

/// Paths of this checkout and of the built binaries, for tests that need real resources.
package enum Checkout {
    /// `Tests/TestSupport/Checkout.swift` is three levels below the root.
    package static let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent().path

    /// The `portico` executable built next to the test bundle.
    package static var porticoBinary: String {
        let testExecutable = (try? FileManager.default.destinationOfSymbolicLink(atPath: "/proc/self/exe")) ?? CommandLine.arguments[0]
        return URL(fileURLWithPath: testExecutable).deletingLastPathComponent().appendingPathComponent("portico").path
    }

    package static func temporaryDirectory(_ label: String) -> String {
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("portico-\(label)-\(UUID().uuidString)").path
        // Owner-only, as Portico refuses a data directory other users can read.
        try? FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true, attributes: [.posixPermissions: 0o700])
        return path
    }
}
