import CCurl

/// Outbound HTTP(S) through the system's libcurl, one request at a time per calling thread.
///
/// `send` is synchronous and blocks its thread until the response is in or a timeout passes, by design: call it
/// from the worker pool, never from an event loop, whose other connections would wait. Each call uses its own
/// curl easy handle, so one client may be shared by every worker at once.
///
/// Certificates and host names are always verified against the system's CA bundle. Only `http` and `https` URLs
/// are fetched, redirects are not followed unless asked, and a response larger than `maxResponseBytes` (header
/// fields and body together) is an error rather than a memory bill. libcurl honours the usual proxy
/// environment variables of the process: `https_proxy`/`HTTPS_PROXY` for https URLs, `http_proxy` for http ones,
/// `all_proxy`/`ALL_PROXY` for both, and `no_proxy`/`NO_PROXY` for the hosts to reach directly. (Only the
/// lower-case `http_proxy` is read, so a CGI-style `HTTP_PROXY` request header cannot redirect the process.)
package struct HTTPSClient: Sendable {
    package var connectTimeout: Duration
    package var totalTimeout: Duration
    package var maxResponseBytes: Int
    package var followRedirects: Bool

    package init(
        connectTimeout: Duration = .seconds(5), totalTimeout: Duration = .seconds(20), maxResponseBytes: Int = 1024 * 1024,
        followRedirects: Bool = false
    ) {
        self.connectTimeout = connectTimeout
        self.totalTimeout = totalTimeout
        self.maxResponseBytes = maxResponseBytes
        self.followRedirects = followRedirects
    }

    /// Sends `request` and waits for the whole response. The first call loads libcurl (see `CurlLibrary`).
    package func send(_ request: OutboundRequest) throws(OutboundError) -> OutboundResponse {
        let curl = try CurlLibrary.functions()
        guard let handle = curl.curl_easy_init() else {
            throw OutboundError(kind: .other, message: "libcurl could not create a handle")
        }
        defer { curl.curl_easy_cleanup(handle) }
        return try perform(request, on: handle, with: curl)
    }

    private func perform(_ request: OutboundRequest, on handle: UnsafeMutableRawPointer, with curl: CurlFunctions) throws(OutboundError)
        -> OutboundResponse
    {
        var fieldLines: UnsafeMutablePointer<curl_slist>?
        defer { curl.curl_slist_free_all(fieldLines) }
        // Without an empty Expect field curl waits up to a second for a 100 Continue before sending a large body.
        for line in try Self.fieldLines(request.headers) + ["Expect:"] {
            guard let appended = curl.curl_slist_append(fieldLines, line) else {
                throw OutboundError(kind: .other, message: "out of memory building the request")
            }
            fieldLines = appended
        }

        let collector = ResponseCollector(limit: maxResponseBytes)
        var errorBuffer = [CChar](repeating: 0, count: Int(CURL_ERROR_SIZE) + 1)
        let code: CURLcode = withExtendedLifetime(collector) {
            errorBuffer.withUnsafeMutableBufferPointer { errorBytes in
                // An empty body still needs a pointer, or curl would read a POST's body from standard input.
                (request.body.isEmpty ? [0] : request.body).withUnsafeBytes { body in
                    let context = Unmanaged.passUnretained(collector).toOpaque()
                    var setup = [
                        curl.setopt(handle, CURLOPT_URL, string: request.url),
                        curl.setopt(handle, CURLOPT_PROTOCOLS_STR, string: "http,https"),
                        curl.setopt(handle, CURLOPT_ERRORBUFFER, pointer: errorBytes.baseAddress),
                        // Signals cannot interrupt a name lookup on a worker thread; without this curl would try.
                        curl.setopt(handle, CURLOPT_NOSIGNAL, long: 1),
                        curl.setopt(handle, CURLOPT_SSL_VERIFYPEER, long: 1),
                        curl.setopt(handle, CURLOPT_SSL_VERIFYHOST, long: 2),
                        curl.setopt(handle, CURLOPT_CONNECTTIMEOUT_MS, long: Self.milliseconds(connectTimeout)),
                        curl.setopt(handle, CURLOPT_TIMEOUT_MS, long: Self.milliseconds(totalTimeout)),
                        // Refuses a declared Content-Length over the limit before any of the body arrives.
                        curl.setopt(handle, CURLOPT_MAXFILESIZE_LARGE, offset: curl_off_t(maxResponseBytes)),
                        curl.setopt(handle, CURLOPT_HTTPHEADER, pointer: UnsafeMutableRawPointer(fieldLines)),
                        curl.setopt(handle, CURLOPT_WRITEFUNCTION, callback: ResponseCollector.writeBody),
                        curl.setopt(handle, CURLOPT_WRITEDATA, pointer: context),
                        curl.setopt(handle, CURLOPT_HEADERFUNCTION, callback: ResponseCollector.writeHeader),
                        curl.setopt(handle, CURLOPT_HEADERDATA, pointer: context),
                    ]
                    if followRedirects {
                        setup += [
                            curl.setopt(handle, CURLOPT_FOLLOWLOCATION, long: 1),
                            curl.setopt(handle, CURLOPT_MAXREDIRS, long: 5),
                            curl.setopt(handle, CURLOPT_REDIR_PROTOCOLS_STR, string: "http,https"),
                        ]
                    }
                    setup += methodOptions(request, body: body.baseAddress!, handle: handle, curl: curl)
                    if let failed = setup.first(where: { $0 != CURLE_OK }) { return failed }
                    return curl.curl_easy_perform(handle)
                }
            }
        }
        guard code == CURLE_OK else {
            let detail = String(decoding: errorBuffer.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }, as: UTF8.self)
            throw error(code, detail: detail, tooLarge: collector.exceededLimit, curl: curl)
        }
        var status = 0
        _ = curl.getinfo(handle, CURLINFO_RESPONSE_CODE, long: &status)
        return OutboundResponse(status: status, headers: collector.headers, body: collector.body)
    }

    /// GET is curl's default; a body makes a POST, which CURLOPT_CUSTOMREQUEST renames for PUT, PATCH and the rest.
    private func methodOptions(_ request: OutboundRequest, body: UnsafeRawPointer, handle: UnsafeMutableRawPointer, curl: CurlFunctions)
        -> [CURLcode]
    {
        var codes: [CURLcode] = []
        switch request.method {
        case "GET" where request.body.isEmpty:
            return []
        case "HEAD" where request.body.isEmpty:
            return [curl.setopt(handle, CURLOPT_NOBODY, long: 1)]
        default:
            if !request.body.isEmpty || request.method == "POST" {
                codes.append(curl.setopt(handle, CURLOPT_POSTFIELDSIZE_LARGE, offset: curl_off_t(request.body.count)))
                codes.append(curl.setopt(handle, CURLOPT_POSTFIELDS, pointer: UnsafeMutableRawPointer(mutating: body)))
            }
            if request.method != "POST" {
                codes.append(curl.setopt(handle, CURLOPT_CUSTOMREQUEST, string: request.method))
            }
            return codes
        }
    }

    /// `Name: value` lines for curl, refusing what would let a value start a new field or request. The error names
    /// the field, never its value.
    private static func fieldLines(_ headers: [(name: String, value: String)]) throws(OutboundError) -> [String] {
        var lines: [String] = []
        for (name, value) in headers {
            let tokenCharacters = name.utf8.allSatisfy { $0 > 0x20 && $0 < 0x7F && $0 != UInt8(ascii: ":") }
            guard !name.isEmpty, tokenCharacters else {
                throw OutboundError(kind: .other, message: "a request header field has an invalid name")
            }
            guard !value.utf8.contains(where: { $0 == 0x0D || $0 == 0x0A || $0 == 0 }) else {
                throw OutboundError(kind: .other, message: "the request header field \(name) has a line break in its value")
            }
            // curl drops `Name:` with nothing after it; `Name;` is its spelling for a field with an empty value.
            lines.append(value.isEmpty ? "\(name);" : "\(name): \(value)")
        }
        return lines
    }

    private static func milliseconds(_ duration: Duration) -> Int {
        let (seconds, attoseconds) = duration.components
        return max(1, Int(seconds) * 1000 + Int(attoseconds / 1_000_000_000_000_000))
    }

    /// The error for a failed transfer; `detail` is what curl wrote to its error buffer.
    private func error(_ code: CURLcode, detail: String, tooLarge: Bool, curl: CurlFunctions) -> OutboundError {
        let tooLargeError = OutboundError(kind: .tooLarge, message: "the response is larger than the limit of \(maxResponseBytes) bytes")
        let summary = curl.curl_easy_strerror(code).map { String(cString: $0) } ?? "libcurl error \(code.rawValue)"
        let message = detail.isEmpty ? summary : detail
        let kind: OutboundError.Kind
        switch code {
        case CURLE_COULDNT_CONNECT, CURLE_COULDNT_RESOLVE_HOST, CURLE_COULDNT_RESOLVE_PROXY:
            kind = .couldNotConnect
        case CURLE_OPERATION_TIMEDOUT:
            kind = .timedOut
        case CURLE_SSL_CONNECT_ERROR, CURLE_PEER_FAILED_VERIFICATION, CURLE_SSL_CERTPROBLEM, CURLE_SSL_CIPHER,
            CURLE_SSL_CACERT_BADFILE, CURLE_SSL_ISSUER_ERROR, CURLE_SSL_PINNEDPUBKEYNOTMATCH, CURLE_SSL_INVALIDCERTSTATUS,
            CURLE_SSL_CRL_BADFILE, CURLE_SSL_ENGINE_NOTFOUND, CURLE_SSL_ENGINE_SETFAILED, CURLE_SSL_ENGINE_INITFAILED,
            CURLE_USE_SSL_FAILED:
            kind = .tls
        case CURLE_FILESIZE_EXCEEDED:
            return tooLargeError
        case CURLE_WRITE_ERROR where tooLarge:
            return tooLargeError
        default:
            kind = .other
        }
        return OutboundError(kind: kind, message: message)
    }
}
