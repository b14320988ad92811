import CCurl

/// Gathers one transfer's header lines and body as curl hands them over, and stops it past the size limit.
///
/// Lives only for one `curl_easy_perform` on one thread; curl reaches it through an unmanaged pointer.
final class ResponseCollector {
    let limit: Int
    private(set) var headers: [(name: String, value: String)] = []
    private(set) var body: [UInt8] = []
    private(set) var exceededLimit = false
    private var received = 0

    init(limit: Int) { self.limit = limit }

    /// Takes `count` more bytes against the limit; false once the response is too large.
    private func admit(_ count: Int) -> Bool {
        received += count
        if received > limit { exceededLimit = true }
        return !exceededLimit
    }

    func appendBody(_ bytes: UnsafeRawBufferPointer) -> Bool {
        guard admit(bytes.count) else { return false }
        body.append(contentsOf: bytes)
        return true
    }

    /// One header line, with its CRLF. A status line starts a new response (after a 100 Continue, or a proxy's
    /// answer to CONNECT), so only the final response's fields are kept.
    func appendHeaderLine(_ bytes: UnsafeRawBufferPointer) -> Bool {
        guard admit(bytes.count) else { return false }
        var end = bytes.count
        while end > 0, bytes[end - 1] == 0x0D || bytes[end - 1] == 0x0A { end -= 1 }
        let line = String(decoding: bytes[..<end], as: UTF8.self)
        if line.hasPrefix("HTTP/") {
            headers = []
        } else if let colon = line.firstIndex(of: ":") {
            let name = String(line[..<colon])
            let value = line[line.index(after: colon)...].trimmingPrefix { $0 == " " || $0 == "\t" }
            headers.append((name, String(value.trimmingSuffix { $0 == " " || $0 == "\t" })))
        }
        return true
    }

    static let writeBody: curl_write_callback = { data, size, count, context in
        let total = size * count
        let collector = Unmanaged<ResponseCollector>.fromOpaque(context!).takeUnretainedValue()
        // Returning fewer bytes than offered makes curl stop with CURLE_WRITE_ERROR.
        return collector.appendBody(UnsafeRawBufferPointer(start: data, count: total)) ? total : 0
    }

    static let writeHeader: curl_write_callback = { data, size, count, context in
        let total = size * count
        let collector = Unmanaged<ResponseCollector>.fromOpaque(context!).takeUnretainedValue()
        return collector.appendHeaderLine(UnsafeRawBufferPointer(start: data, count: total)) ? total : 0
    }
}

extension StringProtocol {
    fileprivate func trimmingSuffix(while predicate: (Character) -> Bool) -> SubSequence {
        var end = endIndex
        while end > startIndex, predicate(self[index(before: end)]) { end = index(before: end) }
        return self[startIndex..<end]
    }
}
