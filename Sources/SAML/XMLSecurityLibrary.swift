import CXMLSec

/// One-time set-up of libxml2, xmlsec and xmlsec's OpenSSL back end.
///
/// xmlsec's initialisation is not thread-safe and must run exactly once before any other call. A
/// static `let` gives that for free: Swift runs its initialiser once, under `swift_once`, however many
/// threads arrive together. Nothing is torn down; the process keeps the libraries until it exits.
enum XMLSecurityLibrary {
    private static let initialization: Result<Void, XMLSignatureError> = initialize()

    /// Throws if the libraries could not be set up; every entry point calls this first.
    static func ensureInitialized() throws(XMLSignatureError) {
        try initialization.get()
    }

    private static func initialize() -> Result<Void, XMLSignatureError> {
        xmlInitParser()
        guard xmlSecInit() == 0 else { return .failure(.libraryFailure("xmlSecInit")) }
        guard portico_xmlsec_check_version() == 1 else { return .failure(.libraryFailure("xmlSecCheckVersion")) }
        guard xmlSecOpenSSLAppInit(nil) == 0 else { return .failure(.libraryFailure("xmlSecOpenSSLAppInit")) }
        guard xmlSecOpenSSLInit() == 0 else { return .failure(.libraryFailure("xmlSecOpenSSLInit")) }
        // xmlsec prints every failure to stderr by default; hostile documents sent to the verifier would
        // flood the log, and each failure already surfaces as a typed XMLSignatureError.
        xmlSecErrorsSetCallback(nil)
        return .success(())
    }
}
