import Foundation

/// What the dynamic loader would load for the `portico` built beside the running test bundle, as
/// `LD_TRACE_LOADED_OBJECTS` lists it: the tests of the libraries Portico opens only on first use (xmlsec,
/// libcurl) check that none of them is loaded at start (issue #2's idle-memory budget).
package enum PorticoLibraries {
    package static func listing() throws -> String {
        let testBundle = try FileManager.default.destinationOfSymbolicLink(atPath: "/proc/self/exe")
        let portico = URL(fileURLWithPath: testBundle).deletingLastPathComponent().appendingPathComponent("portico").path
        guard FileManager.default.isExecutableFile(atPath: portico) else {
            throw CocoaError(.fileNoSuchFile, userInfo: [NSFilePathErrorKey: portico])
        }
        let process = Process()
        process.executableURL = URL(fileURLWithPath: portico)
        process.environment = ["LD_TRACE_LOADED_OBJECTS": "1"]
        let output = Pipe()
        process.standardOutput = output
        try process.run()
        let listing = String(decoding: output.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        process.waitUntilExit()
        return listing
    }
}
