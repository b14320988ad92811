import CCurl
import Glibc

/// Loads libcurl on the first outbound request, and initialises it once.
///
/// The binary does not link it: an idle server that has called nothing outside would carry libcurl and the
/// thirty-odd libraries behind it (libssl, GnuTLS, Kerberos, LDAP, nghttp2, libssh2...), against the idle budget
/// of the server-core issue (#2). So the first `HTTPSClient.send` opens it with `dlopen` and resolves every
/// function in `CurlFunctions` with `dlsym`; this is the only file that knows about either. A missing library or
/// symbol becomes an `OutboundError`, so a host without libcurl fails its STS calls, not its boot.
///
/// curl_global_init is not thread-safe and must run exactly once, before any handle is made. A static `let` gives
/// that for free: Swift runs its initialiser once, under `swift_once`, however many worker threads arrive
/// together. Nothing is torn down; the process keeps the library until it exits.
enum CurlLibrary {
    /// The soname, which Debian's libcurl4 (the OpenSSL flavour) installs. There is no fallback to the
    /// unversioned `libcurl.so`: only the -dev package installs that link, and it points at this same file.
    static let libraryName = "libcurl.so.4"

    private static let loaded: Result<CurlFunctions, OutboundError> = Result { () throws(OutboundError) in
        let functions = try resolveFunctions(in: libraryName)
        let code = functions.curl_global_init(portico_curl_global_default())
        guard code == CURLE_OK else {
            throw OutboundError(kind: .other, message: "libcurl could not be initialised (curl_global_init returned \(code.rawValue))")
        }
        return functions
    }

    /// The library's functions, loaded and initialised on the first call; throws if that failed.
    static func functions() throws(OutboundError) -> CurlFunctions {
        try loaded.get()
    }

    /// Opens `library` and looks up every function, without initialising anything, so tests may call it again.
    ///
    /// RTLD_LOCAL keeps libcurl's symbols (and OpenSSL's, behind it) out of the global namespace, where nothing
    /// else should bind to them; RTLD_NOW finds a symbol missing from a dependency here rather than at its first
    /// call. Each name is spelled out beside its property; `CurlLibraryTests` checks that every one resolves to
    /// the function of that name.
    static func resolveFunctions(in library: String) throws(OutboundError) -> CurlFunctions {
        guard let handle = dlopen(library, RTLD_NOW | RTLD_LOCAL) else {
            throw unavailable("cannot open \(library): \(lastLoaderError())")
        }
        func symbol(_ name: String) throws(OutboundError) -> UnsafeMutableRawPointer {
            guard let address = dlsym(handle, name) else {
                throw unavailable("\(library) has no \(name) (\(lastLoaderError()))")
            }
            return address
        }
        func function<Function>(_ name: String) throws(OutboundError) -> Function {
            unsafeBitCast(try symbol(name), to: Function.self)
        }
        return CurlFunctions(
            curl_global_init: try function("curl_global_init"),
            curl_easy_init: try function("curl_easy_init"),
            curl_easy_cleanup: try function("curl_easy_cleanup"),
            curl_easy_perform: try function("curl_easy_perform"),
            curl_easy_strerror: try function("curl_easy_strerror"),
            curl_slist_append: try function("curl_slist_append"),
            curl_slist_free_all: try function("curl_slist_free_all"),
            curl_easy_setopt: OpaquePointer(try symbol("curl_easy_setopt")),
            curl_easy_getinfo: OpaquePointer(try symbol("curl_easy_getinfo"))
        )
    }

    /// The error for a library that cannot be used, saying what to install.
    private static func unavailable(_ problem: String) -> OutboundError {
        OutboundError(
            kind: .other,
            message: "outbound HTTPS (calls to AWS STS) needs libcurl, which cannot be used: \(problem); install libcurl 7.85 "
                + "or later (on Debian and Ubuntu, the libcurl4 package)")
    }

    /// dlerror()'s message, which names the file or the symbol and says why it was not found.
    private static func lastLoaderError() -> String {
        dlerror().map { String(cString: $0) } ?? "unknown error"
    }
}
