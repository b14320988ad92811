internal import CXMLSec
import Glibc

/// Loads libxml2, xmlsec and xmlsec's OpenSSL back end on first use, and sets them up once.
///
/// The binary does not link them: an idle server that has signed nothing would carry them, with ICU,
/// liblzma and zlib behind libxml2, for about 1.2 MiB of resident memory, against the 20 MB idle
/// budget of the server-core issue (#2). So the first document parsed opens the libraries with
/// `dlopen` and resolves every function in `XMLSecurityFunctions` with `dlsym`; this is the only
/// file that knows about either. A missing library or symbol becomes an `XMLSignatureError`, so a
/// host without libxmlsec1-openssl fails its console launches, not its boot.
///
/// xmlsec's initialisation is not thread-safe and must run exactly once before any other call. A
/// static `let` gives that for free: Swift runs its initialiser once, under `swift_once`, however many
/// threads arrive together. Nothing is torn down; the process keeps the libraries until it exits.
enum XMLSecurityLibrary {
    /// The soname, not the unversioned `.so` link, which only the -dev package installs. Its own
    /// dependencies bring libxmlsec1 and libxml2, whose symbols `dlsym` finds through this handle.
    private static let libraryName = "libxmlsec1-openssl.so.1"

    private static let loaded: Result<XMLSecurityFunctions, XMLSignatureError> = Result { () throws(XMLSignatureError) in
        let functions = try resolveFunctions(in: libraryName)
        try initialize(functions)
        return functions
    }

    /// The libraries' functions, loaded and set up on the first call; throws if that failed.
    static func functions() throws(XMLSignatureError) -> XMLSecurityFunctions {
        try loaded.get()
    }

    private static func initialize(_ library: XMLSecurityFunctions) throws(XMLSignatureError) {
        library.xmlInitParser()
        guard library.xmlSecInit() == 0 else { throw .libraryFailure("xmlSecInit") }
        // What the xmlSecCheckVersion() macro expands to: the version of the headers Portico was compiled
        // against must be ABI-compatible with the library that was loaded.
        guard
            library.xmlSecCheckVersionExt(
                XMLSEC_VERSION_MAJOR, XMLSEC_VERSION_MINOR, XMLSEC_VERSION_SUBMINOR, xmlSecCheckVersionABICompatible) == 1
        else { throw .libraryFailure("xmlSecCheckVersion") }
        guard library.xmlSecOpenSSLAppInit(nil) == 0 else { throw .libraryFailure("xmlSecOpenSSLAppInit") }
        guard library.xmlSecOpenSSLInit() == 0 else { throw .libraryFailure("xmlSecOpenSSLInit") }
        // xmlsec prints every failure to stderr by default; hostile documents sent to the verifier would
        // flood the log, and each failure already surfaces as a typed XMLSignatureError.
        library.xmlSecErrorsSetCallback(nil)
        // So does libxml2 wherever no parser option silences it: canonicalisation (a namespace URI that is
        // not absolute) and xmlsec's parse of decrypted content. Its handler is per thread, hence both calls:
        // this thread's, and the one every thread starts with when it first calls libxml2.
        let ignore: XMLSecurityFunctions.StructuredErrorHandler = { _, _ in }
        library.xmlSetStructuredErrorFunc(nil, ignore)
        library.xmlThrDefSetStructuredErrorFunc(nil, ignore)
    }

    /// Opens `library` and looks up every function, without setting anything up, so tests may call it again.
    ///
    /// RTLD_LOCAL keeps libxml2's symbols out of the global namespace, where nothing else should bind to
    /// them; RTLD_NOW finds a symbol missing from a dependency here rather than at its first call. Each
    /// name is spelled out beside its property; `XMLSecurityLibraryTests` checks that every one resolves
    /// to the function of that name.
    static func resolveFunctions(in library: String) throws(XMLSignatureError) -> XMLSecurityFunctions {
        guard let handle = dlopen(library, RTLD_NOW | RTLD_LOCAL) else {
            throw .libraryFailure("dlopen \(library): \(lastLoaderError())")
        }
        func symbol(_ name: String) throws(XMLSignatureError) -> UnsafeMutableRawPointer {
            guard let address = dlsym(handle, name) else { throw .libraryFailure("dlsym \(name): \(lastLoaderError())") }
            return address
        }
        func function<Function>(_ name: String) throws(XMLSignatureError) -> Function {
            unsafeBitCast(try symbol(name), to: Function.self)
        }
        // xmlFree is a variable holding a function pointer, not a function (see XMLSecurityFunctions.xmlFree).
        let freeVariable = try symbol("xmlFree").assumingMemoryBound(to: xmlFreeFunc?.self)
        guard let xmlFree = freeVariable.pointee else { throw .libraryFailure("xmlFree is not set") }
        return XMLSecurityFunctions(
            xmlInitParser: try function("xmlInitParser"),
            xmlReadMemory: try function("xmlReadMemory"),
            xmlFreeDoc: try function("xmlFreeDoc"),
            xmlDocGetRootElement: try function("xmlDocGetRootElement"),
            xmlDocDumpMemoryEnc: try function("xmlDocDumpMemoryEnc"),
            xmlHasNsProp: try function("xmlHasNsProp"),
            xmlNodeGetContent: try function("xmlNodeGetContent"),
            xmlAddID: try function("xmlAddID"),
            xmlGetID: try function("xmlGetID"),
            xmlAddChild: try function("xmlAddChild"),
            xmlAddNextSibling: try function("xmlAddNextSibling"),
            xmlAddPrevSibling: try function("xmlAddPrevSibling"),
            xmlFreeNode: try function("xmlFreeNode"),
            xmlSetStructuredErrorFunc: try function("xmlSetStructuredErrorFunc"),
            xmlThrDefSetStructuredErrorFunc: try function("xmlThrDefSetStructuredErrorFunc"),
            xmlFree: xmlFree,
            xmlSecInit: try function("xmlSecInit"),
            xmlSecCheckVersionExt: try function("xmlSecCheckVersionExt"),
            xmlSecErrorsSetCallback: try function("xmlSecErrorsSetCallback"),
            xmlSecPtrListAdd: try function("xmlSecPtrListAdd"),
            xmlSecKeyDuplicate: try function("xmlSecKeyDuplicate"),
            xmlSecKeyDestroy: try function("xmlSecKeyDestroy"),
            xmlSecKeyReadMemory: try function("xmlSecKeyReadMemory"),
            xmlSecDSigCtxCreate: try function("xmlSecDSigCtxCreate"),
            xmlSecDSigCtxDestroy: try function("xmlSecDSigCtxDestroy"),
            xmlSecDSigCtxEnableReferenceTransform: try function("xmlSecDSigCtxEnableReferenceTransform"),
            xmlSecDSigCtxEnableSignatureTransform: try function("xmlSecDSigCtxEnableSignatureTransform"),
            xmlSecDSigCtxSign: try function("xmlSecDSigCtxSign"),
            xmlSecDSigCtxVerify: try function("xmlSecDSigCtxVerify"),
            xmlSecTmplSignatureCreateNsPref: try function("xmlSecTmplSignatureCreateNsPref"),
            xmlSecTmplSignatureAddReference: try function("xmlSecTmplSignatureAddReference"),
            xmlSecTmplReferenceAddTransform: try function("xmlSecTmplReferenceAddTransform"),
            xmlSecTmplSignatureEnsureKeyInfo: try function("xmlSecTmplSignatureEnsureKeyInfo"),
            xmlSecTmplKeyInfoAddX509Data: try function("xmlSecTmplKeyInfoAddX509Data"),
            xmlSecTmplX509DataAddCertificate: try function("xmlSecTmplX509DataAddCertificate"),
            xmlSecTransformEnvelopedGetKlass: try function("xmlSecTransformEnvelopedGetKlass"),
            xmlSecTransformExclC14NGetKlass: try function("xmlSecTransformExclC14NGetKlass"),
            xmlSecEncCtxCreate: try function("xmlSecEncCtxCreate"),
            xmlSecEncCtxDestroy: try function("xmlSecEncCtxDestroy"),
            xmlSecEncCtxDecrypt: try function("xmlSecEncCtxDecrypt"),
            xmlSecEncCtxDecryptToBuffer: try function("xmlSecEncCtxDecryptToBuffer"),
            xmlSecOpenSSLAppInit: try function("xmlSecOpenSSLAppInit"),
            xmlSecOpenSSLInit: try function("xmlSecOpenSSLInit"),
            xmlSecOpenSSLAppKeyLoadMemory: try function("xmlSecOpenSSLAppKeyLoadMemory"),
            xmlSecOpenSSLAppKeyCertLoadMemory: try function("xmlSecOpenSSLAppKeyCertLoadMemory"),
            xmlSecOpenSSLTransformRsaSha256GetKlass: try function("xmlSecOpenSSLTransformRsaSha256GetKlass"),
            xmlSecOpenSSLTransformRsaSha384GetKlass: try function("xmlSecOpenSSLTransformRsaSha384GetKlass"),
            xmlSecOpenSSLTransformRsaSha512GetKlass: try function("xmlSecOpenSSLTransformRsaSha512GetKlass"),
            xmlSecOpenSSLTransformSha256GetKlass: try function("xmlSecOpenSSLTransformSha256GetKlass"),
            xmlSecOpenSSLTransformSha384GetKlass: try function("xmlSecOpenSSLTransformSha384GetKlass"),
            xmlSecOpenSSLTransformSha512GetKlass: try function("xmlSecOpenSSLTransformSha512GetKlass"),
            xmlSecOpenSSLTransformRsaOaepGetKlass: try function("xmlSecOpenSSLTransformRsaOaepGetKlass"),
            xmlSecOpenSSLTransformAes128CbcGetKlass: try function("xmlSecOpenSSLTransformAes128CbcGetKlass"),
            xmlSecOpenSSLTransformAes192CbcGetKlass: try function("xmlSecOpenSSLTransformAes192CbcGetKlass"),
            xmlSecOpenSSLTransformAes256CbcGetKlass: try function("xmlSecOpenSSLTransformAes256CbcGetKlass"),
            xmlSecOpenSSLTransformAes128GcmGetKlass: try function("xmlSecOpenSSLTransformAes128GcmGetKlass"),
            xmlSecOpenSSLTransformAes192GcmGetKlass: try function("xmlSecOpenSSLTransformAes192GcmGetKlass"),
            xmlSecOpenSSLTransformAes256GcmGetKlass: try function("xmlSecOpenSSLTransformAes256GcmGetKlass"),
            xmlSecOpenSSLKeyDataAesGetKlass: try function("xmlSecOpenSSLKeyDataAesGetKlass")
        )
    }

    /// dlerror()'s message, which names the file or the symbol and says why it was not found.
    private static func lastLoaderError() -> String {
        dlerror().map { String(cString: $0) } ?? "unknown error"
    }
}
