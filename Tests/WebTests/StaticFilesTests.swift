import Foundation
import Glibc
import HTTPServer
import Testing

@testable import Web

/// A temporary `Public/` directory with a file beside it that must never be served.
final class PublicDirectory {
    let root: URL
    let publicPath: String

    init() throws {
        root = FileManager.default.temporaryDirectory.appendingPathComponent("portico-static-\(UUID().uuidString)")
        let publicURL = root.appendingPathComponent("Public")
        publicPath = publicURL.path
        let files = FileManager.default
        try files.createDirectory(at: publicURL.appendingPathComponent("js"), withIntermediateDirectories: true)
        try files.createDirectory(at: publicURL.appendingPathComponent(".git"), withIntermediateDirectories: true)
        try files.createDirectory(at: publicURL.appendingPathComponent("fonts"), withIntermediateDirectories: true)
        let contents: [String: String] = [
            "app.css": "body { color: black; }\n",
            "js/start.js": "console.log('start')\n",
            "logo.svg": "<svg xmlns=\"http://www.w3.org/2000/svg\"/>",
            "icon.png": "\u{89}PNG",
            "favicon.ico": "ico",
            "fonts/inter.woff2": "wOF2",
            "site.webmanifest": "{}",
            "data.json": "{}",
            "robots.txt": "User-agent: *\n",
            "offline.html": "<p>offline</p>",
            "LICENSE": "MIT",
            ".env": "SECRET=1",
            ".git/config": "[core]",
        ]
        for (name, text) in contents {
            try Data(text.utf8).write(to: publicURL.appendingPathComponent(name))
        }
        try Data("outside secret".utf8).write(to: root.appendingPathComponent("Package.swift"))
        try Data(repeating: 0x61, count: 2 * 1024 * 1024 + 3).write(to: publicURL.appendingPathComponent("big.bin"))
        try files.createSymbolicLink(
            atPath: publicURL.appendingPathComponent("outside.txt").path, withDestinationPath: "../Package.swift")
        try files.createSymbolicLink(
            atPath: publicURL.appendingPathComponent("etc-passwd").path, withDestinationPath: "/etc/passwd")
        try files.createSymbolicLink(atPath: publicURL.appendingPathComponent("styles.css").path, withDestinationPath: "app.css")
        try files.createSymbolicLink(atPath: publicURL.appendingPathComponent("loop").path, withDestinationPath: ".")
        try files.createSymbolicLink(atPath: publicURL.appendingPathComponent("env.txt").path, withDestinationPath: ".env")
    }

    deinit { try? FileManager.default.removeItem(at: root) }
}

struct StaticFilesTests {
    static func fixture() throws -> (PublicDirectory, StaticFiles, WebApplication) {
        let directory = try PublicDirectory()
        let files = try StaticFiles(directory: directory.publicPath)
        var router = Router()
        files.register(on: &router)
        return (directory, files, WebApplication(router: router, log: CapturedLog().log))
    }

    @Test(arguments: [
        ("app.css", "text/css; charset=utf-8"),
        ("js/start.js", "text/javascript; charset=utf-8"),
        ("logo.svg", "image/svg+xml"),
        ("icon.png", "image/png"),
        ("favicon.ico", "image/x-icon"),
        ("fonts/inter.woff2", "font/woff2"),
        ("site.webmanifest", "application/manifest+json"),
        ("data.json", "application/json"),
        ("robots.txt", "text/plain; charset=utf-8"),
        ("offline.html", "text/html; charset=utf-8"),
        ("LICENSE", "application/octet-stream"),
    ])
    func servesFilesWithTheirMediaType(name: String, contentType: String) throws {
        let (directory, _, application) = try Self.fixture()
        let response = application.send(.get, "/static/\(name)")
        #expect(response.status == .ok)
        #expect(response.headers["Content-Type"] == contentType)
        #expect(response.headers["Cache-Control"] == "no-cache")
        #expect(response.headers["X-Content-Type-Options"] == "nosniff")
        let onDisk = try Data(contentsOf: URL(fileURLWithPath: directory.publicPath).appendingPathComponent(name))
        #expect(response.bodyBytes == Array(onDisk))
    }

    @Test func tagsFilesWithTheirFNV1aHash() throws {
        let (_, _, application) = try Self.fixture()
        // FNV-1a 64 of "MIT", computed independently.
        var hash: UInt64 = 0xcbf2_9ce4_8422_2325
        for byte in "MIT".utf8 { hash = (hash ^ UInt64(byte)) &* 0x100_0000_01b3 }
        let expected = "\"" + String(hash, radix: 16).leftPadded(to: 16) + "\""
        #expect(application.send(.get, "/static/LICENSE").headers["ETag"] == expected)
    }

    @Test func answersNotModifiedForAMatchingIfNoneMatch() throws {
        let (_, _, application) = try Self.fixture()
        let etag = try #require(application.send(.get, "/static/app.css").headers["ETag"])
        for header in [etag, "W/\(etag)", "\"other\", \(etag)", "\"a\",W/\(etag) ", "*"] {
            let response = application.send(.get, "/static/app.css", headers: ["If-None-Match": header])
            #expect(response.status == .notModified, "If-None-Match: \(header)")
            #expect(response.bodyBytes.isEmpty)
            #expect(response.headers["ETag"] == etag)
            #expect(response.headers["Cache-Control"] == "no-cache")
        }
        for header in ["\"other\"", "W/\"other\"", "\(etag.dropLast())", "garbage \(etag)"] {
            #expect(
                application.send(.get, "/static/app.css", headers: ["If-None-Match": header]).status == .ok,
                "If-None-Match: \(header)")
        }
    }

    @Test func servesFingerprintedNamesWithAnImmutableCache() throws {
        let (_, files, application) = try Self.fixture()
        let plain = application.send(.get, "/static/js/start.js")
        let etag = try #require(plain.headers["ETag"])
        let path = files.fingerprintedPath(for: "js/start.js")
        #expect(path == "/static/js/start.\(etag.dropFirst().prefix(8)).js")
        let fingerprinted = application.send(.get, path)
        #expect(fingerprinted.status == .ok)
        #expect(fingerprinted.headers["Cache-Control"] == "public, max-age=31536000, immutable")
        #expect(fingerprinted.headers["ETag"] == etag)
        #expect(fingerprinted.bodyBytes == plain.bodyBytes)
        let revalidated = application.send(.get, path, headers: ["If-None-Match": etag])
        #expect(revalidated.status == .notModified)
        #expect(revalidated.headers["Cache-Control"] == "public, max-age=31536000, immutable")
        #expect(files.fingerprintedPath(for: "LICENSE").wholeMatch(of: /\/static\/LICENSE\.[0-9a-f]{8}/) != nil)
        #expect(files.fingerprintedPath(for: "missing.css") == "/static/missing.css")
    }

    @Test(arguments: [
        ("/static/../Package.swift", HTTPStatus.badRequest), ("/static/%2e%2e/Package.swift", .badRequest),
        ("/static/%2E%2E/Package.swift", .badRequest),
        ("/static/..%2fPackage.swift", .notFound), ("/static/..%2FPackage.swift", .notFound),
        ("/static/js/..%2f..%2fPackage.swift", .notFound),
        ("/static/outside.txt", .notFound), ("/static/etc-passwd", .notFound), ("/static/.env", .notFound),
        ("/static/env.txt", .notFound), ("/static/.git/config", .notFound),
        ("/static/%2eenv", .notFound), ("/static/js", .notFound), ("/static/js/", .notFound), ("/static/", .notFound),
        ("/static/loop/app.css", .notFound),
        ("/static//etc/passwd", .notFound), ("/static/%2Fetc%2Fpasswd", .notFound), ("/static/app.css%00", .badRequest),
    ])
    func neverServesAnythingOutsideTheIndex(target: String, status: HTTPStatus) throws {
        let (_, _, application) = try Self.fixture()
        let response = application.send(.get, target)
        #expect(response.status == status)
        #expect(!response.bodyText.contains("outside secret"))
        #expect(!response.bodyText.contains("root:"))
    }

    @Test func followsLinksThatStayInside() throws {
        let (_, _, application) = try Self.fixture()
        let linked = application.send(.get, "/static/styles.css")
        #expect(linked.status == .ok)
        #expect(linked.bodyText == "body { color: black; }\n")
    }

    @Test func sendsLargeFilesFromDisk() throws {
        let (directory, files, application) = try Self.fixture()
        // Large files are opened per request, so the directory must outlive the requests.
        defer { withExtendedLifetime(directory) {} }
        let response = application.send(.get, "/static/big.bin")
        guard case .file(let region) = response.body else {
            Issue.record("a 2 MiB file must be sent as a file region, not loaded into memory")
            return
        }
        #expect(region.offset == 0)
        #expect(region.count == 2 * 1024 * 1024 + 3)
        var start = [UInt8](repeating: 0, count: 4)
        #expect(pread(region.descriptor, &start, 4, 0) == 4)
        #expect(start == Array("aaaa".utf8))
        #expect(response.headers["Content-Type"] == "application/octet-stream")
        #expect(response.headers["ETag"] != nil)
        #expect(
            application.send(.get, files.fingerprintedPath(for: "big.bin")).headers["Cache-Control"]
                == "public, max-age=31536000, immutable")
    }

    @Test func answersHeadAndRefusesOtherMethods() throws {
        let (_, _, application) = try Self.fixture()
        let head = application.send(.head, "/static/app.css")
        #expect(head.status == .ok)
        #expect(head.body.knownLength == 23)
        let post = application.send(.post, "/static/app.css")
        #expect(post.status == .methodNotAllowed)
        #expect(post.headers["Allow"] == "GET, HEAD, OPTIONS")
    }

    @Test func refusesAMissingDirectoryAtStartUp() {
        #expect(throws: (any Error).self) { try StaticFiles(directory: "/nonexistent/portico/Public") }
    }

    @Test(arguments: [
        ("\"abc\"", "\"abc\"", true), ("\"abc\"", "W/\"abc\"", true), ("W/\"abc\"", "\"abc\"", true),
        ("\"abc\"", "\"abcd\"", false), ("\"abc\"", "", false), ("\"abc\"", " , ,*", true),
    ])
    func comparesEntityTagsWeakly(tag: String, header: String, matches: Bool) {
        #expect(EntityTag.ifNoneMatch(header, matches: tag) == matches)
    }
}

extension String {
    func leftPadded(to width: Int) -> String { String(repeating: "0", count: max(0, width - count)) + self }
}
