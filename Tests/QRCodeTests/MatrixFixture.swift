import Foundation
import QRCode

/// A reference symbol made by segno, read from `Fixtures/NAME.txt` (see the README there).
struct MatrixFixture: CustomStringConvertible {
    let name: String
    let version: Int
    let errorCorrection: ErrorCorrection
    let mask: Int
    let text: String
    /// One string of 0 and 1 per row, 1 for dark.
    let rows: [String]

    var description: String { name }

    /// Every committed fixture, so a parameterised test names each one.
    static let names = [
        "hello-L", "hello-M", "hello-Q", "hello-H",
        "example-L", "example-M", "example-Q", "example-H",
        "otpauth-L", "otpauth-M", "japanese-M", "japanese-Q", "long-Q",
    ]

    /// The package declares no resources for this target, so fixtures are read beside the source file.
    static let directory = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("Fixtures")

    init(named name: String) throws {
        let contents = try String(contentsOf: Self.directory.appendingPathComponent("\(name).txt"), encoding: .utf8)
        var lines = contents.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        if lines.last == "" {
            lines.removeLast()
        }
        // "version 10 level M mask 3", then "data TEXT", then the rows.
        let header = lines[0].split(separator: " ").map(String.init)
        guard lines.count > 2, header.count == 6, header[0] == "version", header[2] == "level", header[4] == "mask",
            let version = Int(header[1]), let mask = Int(header[5]), lines[1].hasPrefix("data ")
        else {
            throw FixtureError.malformed(name)
        }
        let levels: [String: ErrorCorrection] = ["L": .low, "M": .medium, "Q": .quartile, "H": .high]
        guard let level = levels[header[3]] else { throw FixtureError.malformed(name) }

        self.name = name
        self.version = version
        self.errorCorrection = level
        self.mask = mask
        self.text = String(lines[1].dropFirst("data ".count))
        self.rows = Array(lines[2...])
    }

    enum FixtureError: Error {
        case malformed(String)
    }
}

extension QRCode {
    /// The modules in the fixtures' notation, for comparisons that print a readable difference.
    var rows: [String] {
        (0..<size).map { y in String((0..<size).map { x in self[x: x, y: y] ? "1" : "0" }) }
    }
}
