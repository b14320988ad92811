import Foundation
import Glibc
import System
import Testing

struct FileSystemTests {
    let directory: String

    init() throws {
        directory = NSTemporaryDirectory() + "portico-fs-" + UUID().uuidString
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
    }

    @Test func readsAWholeFileLargerThanOneChunk() throws {
        let bytes = (0..<200_000).map { UInt8(truncatingIfNeeded: $0 &* 31) }
        try Data(bytes).write(to: URL(fileURLWithPath: directory + "/large"))
        #expect(try FileSystem.contents(ofFile: directory + "/large") == bytes)
    }

    @Test func refusesMoreThanTheLimitWithoutReadingOn() throws {
        try Data(repeating: 7, count: 70_000).write(to: URL(fileURLWithPath: directory + "/big"))
        #expect(try FileSystem.contents(ofFile: directory + "/big", limit: 70_000).count == 70_000)
        #expect(throws: SystemCallError(call: "read", errorNumber: EFBIG, path: directory + "/big")) {
            try FileSystem.contents(ofFile: directory + "/big", limit: 69_999)
        }
    }

    @Test func aMissingFileNamesTheCallThePathAndTheReason() {
        let path = directory + "/missing"
        #expect {
            try FileSystem.contents(ofFile: path)
        } throws: { error in
            let error = error as? SystemCallError
            return error?.errorNumber == ENOENT && error?.description == "open(\(path)) failed: No such file or directory"
        }
    }

    @Test func doesNotFollowALinkUnlessAsked() throws {
        try Data("hello".utf8).write(to: URL(fileURLWithPath: directory + "/target"))
        try FileManager.default.createSymbolicLink(atPath: directory + "/link", withDestinationPath: directory + "/target")
        #expect(throws: SystemCallError.self) { try FileSystem.contents(ofFile: directory + "/link") }
        #expect(try FileSystem.contents(ofFile: directory + "/link", followingLinks: true) == Array("hello".utf8))
        #expect(try FileSystem.kind(of: directory + "/link") == .symbolicLink)
        #expect(try FileSystem.kind(of: directory + "/link", followingLinks: true) == .regularFile(size: 5))
    }

    @Test func listsEntriesSortedWithoutDotAndDotDot() throws {
        for name in ["b", "a", ".hidden"] { try Data().write(to: URL(fileURLWithPath: directory + "/" + name)) }
        #expect(try FileSystem.entries(ofDirectory: directory) == [".hidden", "a", "b"])
    }

    @Test func writesAndSyncsAFile() throws {
        let path = directory + "/written"
        let descriptor = try SystemCalls.open(path, flags: O_WRONLY | O_CREAT | O_EXCL, mode: 0o600)
        try FileSystem.writeAndSync(Array("secret".utf8), to: descriptor, path: path)
        close(descriptor)
        #expect(try FileSystem.contents(ofFile: path) == Array("secret".utf8))
        #expect(try FileSystem.status(of: path).permissions == 0o600)
        #expect(throws: SystemCallError(call: "open", errorNumber: EEXIST, path: path)) {
            try SystemCalls.open(path, flags: O_WRONLY | O_CREAT | O_EXCL, mode: 0o600)
        }
    }
}
