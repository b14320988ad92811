import CCurl

/// Every libcurl function Portico calls, as C function pointers resolved at run time.
///
/// Portico does not link libcurl: with OpenSSL, GnuTLS, Kerberos, LDAP, nghttp2, libssh2 and the rest behind it,
/// about thirty libraries would be mapped into a server that has not yet called STS, against the idle budget of
/// the server-core issue (#2). `CurlLibrary` opens it with `dlopen` on the first request and fills this table with
/// `dlsym`; everything else calls through it. Each property has the C function's name and a type spelled by hand
/// from its declaration in curl.h and easy.h, which still supply the data types and constants;
/// `CurlLibraryTests` builds the table from the linked symbols, so a wrong type fails to compile.
struct CurlFunctions: Sendable {
    let curl_global_init: @convention(c) (_ flags: Int) -> CURLcode
    let curl_easy_init: @convention(c) () -> UnsafeMutableRawPointer?
    let curl_easy_cleanup: @convention(c) (UnsafeMutableRawPointer?) -> Void
    let curl_easy_perform: @convention(c) (UnsafeMutableRawPointer?) -> CURLcode
    let curl_easy_strerror: @convention(c) (CURLcode) -> UnsafePointer<CChar>?
    let curl_slist_append:
        @convention(c) (_ list: UnsafeMutablePointer<curl_slist>?, _ line: UnsafePointer<CChar>?) -> UnsafeMutablePointer<curl_slist>?
    let curl_slist_free_all: @convention(c) (UnsafeMutablePointer<curl_slist>?) -> Void
    /// Variadic, so Swift sees only an `OpaquePointer`, which it cannot call: it goes to the typed wrappers in
    /// CCurl's shim.h. (nonisolated(unsafe) because `OpaquePointer` is not Sendable; this one is the address
    /// of a function in a library that is never unloaded.)
    nonisolated(unsafe) let curl_easy_setopt: portico_curl_setopt_fn
    /// Variadic, like `curl_easy_setopt`.
    nonisolated(unsafe) let curl_easy_getinfo: portico_curl_getinfo_fn
}

extension CurlFunctions {
    /// curl_easy_setopt with one argument of the type that `option` takes, which the label names: `long`, the
    /// 64-bit `offset` of the `_LARGE` options, a C `string` (copied by curl), a `pointer`, or a `callback`.
    func setopt(_ handle: UnsafeMutableRawPointer, _ option: CURLoption, long value: Int) -> CURLcode {
        portico_curl_setopt_long(curl_easy_setopt, handle, option, value)
    }

    func setopt(_ handle: UnsafeMutableRawPointer, _ option: CURLoption, offset value: curl_off_t) -> CURLcode {
        portico_curl_setopt_offset(curl_easy_setopt, handle, option, value)
    }

    func setopt(_ handle: UnsafeMutableRawPointer, _ option: CURLoption, string value: String) -> CURLcode {
        portico_curl_setopt_string(curl_easy_setopt, handle, option, value)
    }

    func setopt(_ handle: UnsafeMutableRawPointer, _ option: CURLoption, pointer value: UnsafeMutableRawPointer?) -> CURLcode {
        portico_curl_setopt_pointer(curl_easy_setopt, handle, option, value)
    }

    func setopt(_ handle: UnsafeMutableRawPointer, _ option: CURLoption, callback value: curl_write_callback) -> CURLcode {
        portico_curl_setopt_callback(curl_easy_setopt, handle, option, value)
    }

    /// curl_easy_getinfo for an `info` whose value is a C `long`.
    func getinfo(_ handle: UnsafeMutableRawPointer, _ info: CURLINFO, long value: inout Int) -> CURLcode {
        portico_curl_getinfo_long(curl_easy_getinfo, handle, info, &value)
    }
}
