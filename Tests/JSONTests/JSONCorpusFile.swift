import Foundation
import Testing

/// A file of `Fixtures/json-corpus`: text the parser once got wrong, or hand-written nasty input.
///
/// A name starting with `accept-` must parse and one starting with `reject-` must not; every file must keep
/// the invariants of `JSONFuzzTests`, and every file seeds its mutations.
struct JSONCorpusFile: Sendable, CustomTestStringConvertible {
    let name: String
    let bytes: [UInt8]

    var testDescription: String { name }

    static let all: [JSONCorpusFile] = {
        guard let resources = Bundle.module.resourceURL else { return [] }
        let directory = resources.appendingPathComponent("Fixtures/json-corpus")
        let names = (try? FileManager.default.contentsOfDirectory(atPath: directory.path)) ?? []
        return names.filter { !$0.hasPrefix(".") }.sorted().compactMap { name in
            guard let data = FileManager.default.contents(atPath: directory.appendingPathComponent(name).path) else { return nil }
            return JSONCorpusFile(name: name, bytes: [UInt8](data))
        }
    }()
}
