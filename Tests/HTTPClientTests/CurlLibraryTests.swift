import CCurl
import Foundation
import TestSupport
import Testing

@testable import HTTPClient

/// libcurl loaded with dlopen: the hand-written function table agrees with the header and the library, failures
/// are errors that say what to install, and the `portico` binary does not load libcurl at start.
struct CurlLibraryTests {
    /// The table filled with the functions this test target links. Each argument converts a C function to its
    /// property's `@convention(c)` type, so a property whose type differs from the C declaration does not
    /// compile. Swift cannot name the variadic two, so they come from the linked library's symbol table.
    static let linked = CurlFunctions(
        curl_global_init: curl_global_init,
        curl_easy_init: curl_easy_init,
        curl_easy_cleanup: curl_easy_cleanup,
        curl_easy_perform: curl_easy_perform,
        curl_easy_strerror: curl_easy_strerror,
        curl_slist_append: curl_slist_append,
        curl_slist_free_all: curl_slist_free_all,
        curl_easy_setopt: OpaquePointer(dlsym(UnsafeMutableRawPointer(bitPattern: 0), "curl_easy_setopt")!),
        curl_easy_getinfo: OpaquePointer(dlsym(UnsafeMutableRawPointer(bitPattern: 0), "curl_easy_getinfo")!)
    )

    /// Catches a property filled from the wrong name in `resolveFunctions`, which the types alone cannot.
    @Test func everyFunctionLoadedWithDlsymIsTheLinkedFunctionOfTheSameName() throws {
        let loaded = try CurlLibrary.functions()
        let names = Mirror(reflecting: Self.linked).children.map { $0.label ?? "" }
        #expect(names.count == 9)
        // Each property is one C function pointer, laid out in declaration order as Mirror lists them.
        #expect(MemoryLayout<CurlFunctions>.size == names.count * MemoryLayout<UInt>.size)
        let loadedAddresses = Self.addresses(in: loaded)
        let linkedAddresses = Self.addresses(in: Self.linked)
        #expect(Set(linkedAddresses).count == names.count, "distinct functions")
        for (name, (loadedAddress, linkedAddress)) in zip(names, zip(loadedAddresses, linkedAddresses)) {
            #expect(loadedAddress == linkedAddress, "\(name)")
        }
    }

    /// Only `resolveFunctions` is called with the wrong name: the process's real loader, which the other tests
    /// use, is a static `let` that this does not touch.
    @Test func aMissingLibraryIsAnErrorNamingItAndWhatToInstall() throws {
        let error = try #require(Self.failure(loading: "libportico-missing.so.4"), "opened a library that does not exist")
        #expect(error.kind == .other)
        #expect(error.message.contains("cannot open libportico-missing.so.4: "), "\(error.message)")
        #expect(error.message.contains("No such file"), "\(error.message)")
        #expect(error.message.contains("libcurl4"), "\(error.message)")
    }

    /// zlib, which libcurl itself loads, exports none of the functions.
    @Test func aLibraryWithoutTheFunctionsIsAnErrorNamingTheFirstMissingOne() throws {
        let error = try #require(Self.failure(loading: "libz.so.1"), "resolved libcurl's functions in zlib")
        #expect(error.kind == .other)
        #expect(error.message.contains("libz.so.1 has no curl_global_init"), "\(error.message)")
        #expect(error.message.contains("libcurl4"), "\(error.message)")
    }

    /// The error that resolving the functions in `library` throws, or nil if it succeeds.
    private static func failure(loading library: String) -> OutboundError? {
        do {
            _ = try CurlLibrary.resolveFunctions(in: library)
            return nil
        } catch {
            return error
        }
    }

    /// The point of loading with dlopen (issue #2's idle-memory budget): the STS client loads libcurl on its
    /// first request, so the dynamic loader, asked to list what it would load for the `portico` built beside this
    /// test bundle, names neither libcurl nor the TLS, Kerberos, LDAP, HTTP/2 and SSH libraries behind it.
    @Test func thePorticoBinaryDoesNotLoadLibcurlAtStart() throws {
        let listing = try PorticoLibraries.listing()
        #expect(listing.contains("libcrypto.so"), "the listing names the libraries that are linked")
        for library in ["libcurl", "libssl", "libgnutls", "libgssapi_krb5", "libldap", "libnghttp2", "libssh2"] {
            #expect(!listing.contains(library), "portico links \(library)")
        }
    }

    private static func addresses(in table: CurlFunctions) -> [UInt] {
        withUnsafeBytes(of: table) { bytes in
            (0..<bytes.count / MemoryLayout<UInt>.size).map { bytes.load(fromByteOffset: $0 * MemoryLayout<UInt>.size, as: UInt.self) }
        }
    }
}
