// @preconcurrency: strict concurrency refuses a read of libxml2's global `xmlFree` variable otherwise.
@preconcurrency import CXMLSec
import Foundation
import TestSupport
import Testing

@testable import SAML

/// libxml2 and xmlsec loaded with dlopen: the hand-written function table agrees with the headers and the
/// libraries, failures are typed errors, and the `portico` binary does not load them at start.
struct XMLSecurityLibraryTests {
    /// The table filled with the functions this test target links. Each argument converts a C function
    /// to its property's `@convention(c)` type, so a property whose type differs from the C declaration
    /// (a parameter or result of another type or width, a missing or extra parameter) does not compile,
    /// and the memberwise initialiser does not compile either unless every property is given.
    static let linked = XMLSecurityFunctions(
        xmlInitParser: xmlInitParser,
        xmlReadMemory: xmlReadMemory,
        xmlFreeDoc: xmlFreeDoc,
        xmlDocGetRootElement: xmlDocGetRootElement,
        xmlDocDumpMemoryEnc: xmlDocDumpMemoryEnc,
        xmlHasNsProp: xmlHasNsProp,
        xmlNodeGetContent: xmlNodeGetContent,
        xmlAddID: xmlAddID,
        xmlGetID: xmlGetID,
        xmlAddChild: xmlAddChild,
        xmlAddNextSibling: xmlAddNextSibling,
        xmlAddPrevSibling: xmlAddPrevSibling,
        xmlFreeNode: xmlFreeNode,
        xmlSetStructuredErrorFunc: xmlSetStructuredErrorFunc,
        xmlThrDefSetStructuredErrorFunc: xmlThrDefSetStructuredErrorFunc,
        xmlFree: xmlFree,
        xmlSecInit: xmlSecInit,
        xmlSecCheckVersionExt: xmlSecCheckVersionExt,
        xmlSecErrorsSetCallback: xmlSecErrorsSetCallback,
        xmlSecPtrListAdd: xmlSecPtrListAdd,
        xmlSecKeyDuplicate: xmlSecKeyDuplicate,
        xmlSecKeyDestroy: xmlSecKeyDestroy,
        xmlSecKeyReadMemory: xmlSecKeyReadMemory,
        xmlSecDSigCtxCreate: xmlSecDSigCtxCreate,
        xmlSecDSigCtxDestroy: xmlSecDSigCtxDestroy,
        xmlSecDSigCtxEnableReferenceTransform: xmlSecDSigCtxEnableReferenceTransform,
        xmlSecDSigCtxEnableSignatureTransform: xmlSecDSigCtxEnableSignatureTransform,
        xmlSecDSigCtxSign: xmlSecDSigCtxSign,
        xmlSecDSigCtxVerify: xmlSecDSigCtxVerify,
        xmlSecTmplSignatureCreateNsPref: xmlSecTmplSignatureCreateNsPref,
        xmlSecTmplSignatureAddReference: xmlSecTmplSignatureAddReference,
        xmlSecTmplReferenceAddTransform: xmlSecTmplReferenceAddTransform,
        xmlSecTmplSignatureEnsureKeyInfo: xmlSecTmplSignatureEnsureKeyInfo,
        xmlSecTmplKeyInfoAddX509Data: xmlSecTmplKeyInfoAddX509Data,
        xmlSecTmplX509DataAddCertificate: xmlSecTmplX509DataAddCertificate,
        xmlSecTransformEnvelopedGetKlass: xmlSecTransformEnvelopedGetKlass,
        xmlSecTransformExclC14NGetKlass: xmlSecTransformExclC14NGetKlass,
        xmlSecEncCtxCreate: xmlSecEncCtxCreate,
        xmlSecEncCtxDestroy: xmlSecEncCtxDestroy,
        xmlSecEncCtxDecrypt: xmlSecEncCtxDecrypt,
        xmlSecEncCtxDecryptToBuffer: xmlSecEncCtxDecryptToBuffer,
        xmlSecOpenSSLAppInit: xmlSecOpenSSLAppInit,
        xmlSecOpenSSLInit: xmlSecOpenSSLInit,
        xmlSecOpenSSLAppKeyLoadMemory: xmlSecOpenSSLAppKeyLoadMemory,
        xmlSecOpenSSLAppKeyCertLoadMemory: xmlSecOpenSSLAppKeyCertLoadMemory,
        xmlSecOpenSSLTransformRsaSha256GetKlass: xmlSecOpenSSLTransformRsaSha256GetKlass,
        xmlSecOpenSSLTransformRsaSha384GetKlass: xmlSecOpenSSLTransformRsaSha384GetKlass,
        xmlSecOpenSSLTransformRsaSha512GetKlass: xmlSecOpenSSLTransformRsaSha512GetKlass,
        xmlSecOpenSSLTransformSha256GetKlass: xmlSecOpenSSLTransformSha256GetKlass,
        xmlSecOpenSSLTransformSha384GetKlass: xmlSecOpenSSLTransformSha384GetKlass,
        xmlSecOpenSSLTransformSha512GetKlass: xmlSecOpenSSLTransformSha512GetKlass,
        xmlSecOpenSSLTransformRsaOaepGetKlass: xmlSecOpenSSLTransformRsaOaepGetKlass,
        xmlSecOpenSSLTransformAes128CbcGetKlass: xmlSecOpenSSLTransformAes128CbcGetKlass,
        xmlSecOpenSSLTransformAes192CbcGetKlass: xmlSecOpenSSLTransformAes192CbcGetKlass,
        xmlSecOpenSSLTransformAes256CbcGetKlass: xmlSecOpenSSLTransformAes256CbcGetKlass,
        xmlSecOpenSSLTransformAes128GcmGetKlass: xmlSecOpenSSLTransformAes128GcmGetKlass,
        xmlSecOpenSSLTransformAes192GcmGetKlass: xmlSecOpenSSLTransformAes192GcmGetKlass,
        xmlSecOpenSSLTransformAes256GcmGetKlass: xmlSecOpenSSLTransformAes256GcmGetKlass,
        xmlSecOpenSSLKeyDataAesGetKlass: xmlSecOpenSSLKeyDataAesGetKlass
    )

    /// Catches a property filled from the wrong name in `resolveFunctions`, which the types alone cannot.
    @Test func everyFunctionLoadedWithDlsymIsTheLinkedFunctionOfTheSameName() throws {
        let loaded = try XMLSecurityLibrary.functions()
        let names = Mirror(reflecting: Self.linked).children.map { $0.label ?? "" }
        #expect(names.count == 59)
        // Each property is one C function pointer, laid out in declaration order as Mirror lists them.
        #expect(MemoryLayout<XMLSecurityFunctions>.size == names.count * MemoryLayout<UInt>.size)
        let loadedAddresses = Self.addresses(in: loaded)
        let linkedAddresses = Self.addresses(in: Self.linked)
        #expect(Set(linkedAddresses).count == names.count, "distinct functions")
        for (name, (loadedAddress, linkedAddress)) in zip(names, zip(loadedAddresses, linkedAddresses)) {
            #expect(loadedAddress == linkedAddress, "\(name)")
        }
    }

    @Test func aMissingLibraryIsATypedErrorNamingIt() throws {
        let message = try #require(Self.failure(loading: "libportico-missing.so.1"), "opened a library that does not exist")
        #expect(message.hasPrefix("dlopen libportico-missing.so.1: "))
        #expect(message.contains("No such file"))
    }

    /// zlib, which libxml2 itself loads, exports none of the functions.
    @Test func aLibraryWithoutTheFunctionsIsATypedErrorNamingTheFirstMissingOne() throws {
        let message = try #require(Self.failure(loading: "libz.so.1"), "resolved libxml2's functions in zlib")
        #expect(message.hasPrefix("dlsym xmlFree: "))
        #expect(message.contains("undefined symbol"))
    }

    /// The message of the `libraryFailure` that resolving the functions in `library` throws (any other error
    /// as text, which the callers' expectations then refuse), or nil if it succeeds.
    private static func failure(loading library: String) -> String? {
        do {
            _ = try XMLSecurityLibrary.resolveFunctions(in: library)
            return nil
        } catch {
            guard case .libraryFailure(let message) = error else { return "\(error)" }
            return message
        }
    }

    /// The point of loading with dlopen (issue #2): the dynamic loader, asked to list what it would load
    /// for the `portico` built beside this test bundle, names neither library nor what they pull in.
    @Test func thePorticoBinaryDoesNotLoadTheXMLLibrariesAtStart() throws {
        let listing = try PorticoLibraries.listing()
        #expect(listing.contains("libcrypto.so"), "the listing names the libraries that are linked")
        for library in ["libxmlsec1-openssl", "libxmlsec1.so", "libxml2", "libxslt", "libssl", "libicuuc"] {
            #expect(!listing.contains(library), "portico links \(library)")
        }
    }

    private static func addresses(in table: XMLSecurityFunctions) -> [UInt] {
        withUnsafeBytes(of: table) { bytes in
            (0..<bytes.count / MemoryLayout<UInt>.size).map { bytes.load(fromByteOffset: $0 * MemoryLayout<UInt>.size, as: UInt.self) }
        }
    }
}
