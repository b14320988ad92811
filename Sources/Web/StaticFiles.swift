import HTTPServer
import System

/// Serves the files under `Public/` at `/static/`, each also under a fingerprinted name cached for a year.
///
/// The directory is indexed once at start-up and requests are answered from that index by exact
/// lookup, so no request path is ever joined onto a file-system path: `..`, encoded or not, finds
/// nothing. Dotfiles are skipped, and a symbolic link is followed only when its target resolves inside
/// the directory. Files up to `inMemoryLimit` are kept in memory; larger ones are opened per request and
/// sent with `sendfile`.
///
/// `app.css` is served as `/static/app.css` with `Cache-Control: no-cache` (revalidated by ETag) and as
/// `/static/app.<first 8 hex digits of its ETag>.css` with a year-long immutable cache: templates link
/// the fingerprinted name through `fingerprintedPath(for:)`, so a deploy changes the URL of what changed.
package final class StaticFiles: Sendable {
    package static let defaultInMemoryLimit = 1024 * 1024

    private enum Content: Sendable {
        case memory([UInt8])
        case disk(path: String)
    }

    private struct Entry: Sendable {
        let content: Content
        let etag: String
        /// Content-Type, ETag, Cache-Control and nosniff, built once.
        let headers: HTTPHeaders
        /// ETag and Cache-Control: what a 304 must repeat (RFC 9110 §15.4.5).
        let notModifiedHeaders: HTTPHeaders

        init(content: Content, etag: String, contentType: String, cacheControl: String) {
            self.content = content
            self.etag = etag
            self.headers = [
                "Content-Type": contentType, "ETag": etag, "Cache-Control": cacheControl, "X-Content-Type-Options": "nosniff",
            ]
            self.notModifiedHeaders = ["ETag": etag, "Cache-Control": cacheControl]
        }
    }

    private static let revalidate = "no-cache"
    private static let immutable = "public, max-age=31536000, immutable"

    private let urlPrefix: String
    /// By path relative to the directory, plain and fingerprinted names alike.
    private let entries: [String: Entry]
    private let fingerprintedNames: [String: String]

    /// Indexes `directory`; throws if it cannot be read.
    package init(directory: String, urlPrefix: String = "/static", inMemoryLimit: Int = StaticFiles.defaultInMemoryLimit) throws {
        let root = try FileSystem.realPath(directory)
        var files: [(name: String, path: String, size: Int)] = []
        try Self.collect(directory: root, relativePrefix: "", root: root, into: &files)

        var entries: [String: Entry] = [:]
        var fingerprinted: [(name: String, entry: Entry)] = []
        var fingerprintedNames: [String: String] = [:]
        for file in files {
            var hasher = EntityTag.Hasher()
            let content: Content
            if file.size <= inMemoryLimit {
                let bytes = try FileSystem.contents(ofFile: file.path)
                bytes.withUnsafeBytes { hasher.combine($0) }
                content = .memory(bytes)
            } else {
                try FileSystem.forEachChunk(ofFile: file.path) { hasher.combine($0) }
                content = .disk(path: file.path)
            }
            let etag = hasher.tag
            let contentType = MediaType.forFileExtension(Self.fileExtension(of: file.name) ?? "")
            let fingerprintedName = Self.fingerprintedName(file.name, fingerprint: etag.dropFirst().prefix(8))
            entries[file.name] = Entry(content: content, etag: etag, contentType: contentType, cacheControl: Self.revalidate)
            fingerprinted.append(
                (fingerprintedName, Entry(content: content, etag: etag, contentType: contentType, cacheControl: Self.immutable)))
            fingerprintedNames[file.name] = fingerprintedName
        }
        // A real file that happens to look fingerprinted keeps its own name.
        for (name, entry) in fingerprinted where entries[name] == nil { entries[name] = entry }

        self.urlPrefix = urlPrefix
        self.entries = entries
        self.fingerprintedNames = fingerprintedNames
    }

    /// Registers `GET <prefix>/*path` (and so `HEAD`) on `router`.
    package func register(on router: inout Router) {
        router.get("\(urlPrefix)/*path") { request in try self.respond(to: request) }
    }

    /// The URL to put in pages for a file of the directory, e.g. `app.css` → `/static/app.1a2b3c4d.css`.
    /// A name that is not indexed gets its plain URL, which will answer 404 and so show up at once.
    package func fingerprintedPath(for name: String) -> String {
        "\(urlPrefix)/\(fingerprintedNames[name] ?? name)"
    }

    /// Answers a request routed with a `path` wildcard parameter.
    package func respond(to request: Request) throws -> HTTPResponse {
        guard let name = request.parameters["path"], let entry = entries[name] else {
            throw HTTPError(.notFound, "There is no such file.")
        }
        for header in request.headers.values(for: "If-None-Match") where EntityTag.ifNoneMatch(header, matches: entry.etag) {
            return HTTPResponse(status: .notModified, headers: entry.notModifiedHeaders)
        }
        switch entry.content {
        case .memory(let bytes):
            return HTTPResponse(status: .ok, headers: entry.headers, body: .bytes(bytes))
        case .disk(let path):
            let (descriptor, size) = try FileSystem.openForSending(path)
            return HTTPResponse(
                status: .ok, headers: entry.headers, body: .file(FileRegion(descriptor: descriptor, offset: 0, count: size)))
        }
    }

    /// Walks the directory tree, keeping regular files and links that resolve to regular files inside `root`
    /// (and not to a dotfile there).
    private static func collect(
        directory: String, relativePrefix: String, root: String, into files: inout [(name: String, path: String, size: Int)]
    ) throws {
        for name in try FileSystem.entries(ofDirectory: directory) where !name.hasPrefix(".") {
            let path = "\(directory)/\(name)"
            let relative = relativePrefix + name
            switch try FileSystem.kind(of: path) {
            case .regularFile(let size):
                files.append((relative, path, size))
            case .directory:
                try collect(directory: path, relativePrefix: relative + "/", root: root, into: &files)
            case .symbolicLink:
                // Linked directories are not followed: a link to an ancestor would never end.
                guard let target = try? FileSystem.realPath(path), target.hasPrefix(root + "/"),
                    !target.dropFirst(root.count).contains("/."),
                    case .regularFile(let size) = try FileSystem.kind(of: target)
                else { continue }
                files.append((relative, target, size))
            case .other:
                continue
            }
        }
    }

    /// The extension of the last path component, if it has one that is not the whole name.
    private static func fileExtension(of name: String) -> Substring? {
        let fileName = name.split(separator: "/").last ?? name[...]
        guard let dot = fileName.lastIndex(of: "."), dot != fileName.startIndex else { return nil }
        return fileName[fileName.index(after: dot)...]
    }

    /// `css/app.css` → `css/app.<fingerprint>.css`; a name without extension gets the fingerprint appended.
    private static func fingerprintedName(_ name: String, fingerprint: Substring) -> String {
        guard let fileExtension = fileExtension(of: name) else { return "\(name).\(fingerprint)" }
        return "\(name.dropLast(fileExtension.count + 1)).\(fingerprint).\(fileExtension)"
    }
}
