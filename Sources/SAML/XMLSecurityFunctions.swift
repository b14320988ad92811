internal import CXMLSec

/// Every libxml2 and xmlsec function Portico calls, as C function pointers resolved at run time.
///
/// Portico does not link libxml2 or xmlsec: loading them (with libxslt, ICU, liblzma and zlib behind them)
/// costs an idle server about 1.2 MiB of resident memory, and the server-core issue (#2) caps idle RSS at
/// 20 MB. `XMLSecurityLibrary` opens them with `dlopen` on the first signature made or checked and fills
/// this table with `dlsym`; everything else calls through it. Each property has the C function's name
/// and a type spelled by hand from its declaration in the headers, which still supply the data types;
/// `XMLSecurityLibraryTests` builds the table from the linked symbols, so a wrong type fails to compile.
struct XMLSecurityFunctions: Sendable {
    // libxml2: parser.h, tree.h, valid.h
    let xmlInitParser: @convention(c) () -> Void
    let xmlReadMemory:
        @convention(c) (
            _ buffer: UnsafePointer<CChar>?, _ size: Int32, _ url: UnsafePointer<CChar>?, _ encoding: UnsafePointer<CChar>?,
            _ options: Int32
        ) -> xmlDocPtr?
    let xmlFreeDoc: @convention(c) (xmlDocPtr?) -> Void
    let xmlDocGetRootElement: @convention(c) (UnsafePointer<xmlDoc>?) -> xmlNodePtr?
    let xmlDocDumpMemoryEnc:
        @convention(c) (
            _ document: xmlDocPtr?, _ text: UnsafeMutablePointer<UnsafeMutablePointer<xmlChar>?>?, _ length: UnsafeMutablePointer<Int32>?,
            _ encoding: UnsafePointer<CChar>?
        ) -> Void
    let xmlHasNsProp:
        @convention(c) (_ node: UnsafePointer<xmlNode>?, _ name: UnsafePointer<xmlChar>?, _ namespace: UnsafePointer<xmlChar>?) ->
            xmlAttrPtr?
    let xmlNodeGetContent: @convention(c) (UnsafePointer<xmlNode>?) -> UnsafeMutablePointer<xmlChar>?
    let xmlAddID:
        @convention(c) (_ context: xmlValidCtxtPtr?, _ document: xmlDocPtr?, _ value: UnsafePointer<xmlChar>?, _ attribute: xmlAttrPtr?) ->
            xmlIDPtr?
    let xmlGetID: @convention(c) (_ document: xmlDocPtr?, _ id: UnsafePointer<xmlChar>?) -> xmlAttrPtr?
    let xmlAddChild: @convention(c) (_ parent: xmlNodePtr?, _ child: xmlNodePtr?) -> xmlNodePtr?
    let xmlAddNextSibling: @convention(c) (_ node: xmlNodePtr?, _ sibling: xmlNodePtr?) -> xmlNodePtr?
    let xmlAddPrevSibling: @convention(c) (_ node: xmlNodePtr?, _ sibling: xmlNodePtr?) -> xmlNodePtr?
    let xmlFreeNode: @convention(c) (xmlNodePtr?) -> Void
    // xmlerror.h, globals.h: the handler for the calling thread, and the one each new thread starts with.
    let xmlSetStructuredErrorFunc: @convention(c) (_ context: UnsafeMutableRawPointer?, _ handler: StructuredErrorHandler?) -> Void
    let xmlThrDefSetStructuredErrorFunc: @convention(c) (_ context: UnsafeMutableRawPointer?, _ handler: StructuredErrorHandler?) -> Void
    /// The value of libxml2's global `xmlFree` variable (the `XMLPUBVAR` branch of globals.h, since this
    /// libxml2 has no per-thread allocators), read once at load: it stays `free` unless someone calls
    /// `xmlMemSetup`, which Portico never does.
    let xmlFree: @convention(c) (UnsafeMutableRawPointer?) -> Void

    // xmlsec: xmlsec.h, errors.h
    let xmlSecInit: @convention(c) () -> Int32
    let xmlSecCheckVersionExt: @convention(c) (_ major: Int32, _ minor: Int32, _ subminor: Int32, _ mode: xmlSecCheckVersionMode) -> Int32
    let xmlSecErrorsSetCallback: @convention(c) (xmlSecErrorsCallback?) -> Void
    // list.h: `xmlSecPtr` is `void*`.
    let xmlSecPtrListAdd: @convention(c) (_ list: xmlSecPtrListPtr?, _ item: UnsafeMutableRawPointer?) -> Int32

    // xmlsec: keys.h, xmldsig.h, templates.h, transforms.h
    let xmlSecKeyDuplicate: @convention(c) (xmlSecKeyPtr?) -> xmlSecKeyPtr?
    let xmlSecKeyDestroy: @convention(c) (xmlSecKeyPtr?) -> Void
    let xmlSecKeyReadMemory: @convention(c) (_ data: xmlSecKeyDataId?, _ bytes: UnsafePointer<UInt8>?, _ size: UInt32) -> xmlSecKeyPtr?
    let xmlSecDSigCtxCreate: @convention(c) (xmlSecKeysMngrPtr?) -> xmlSecDSigCtxPtr?
    let xmlSecDSigCtxDestroy: @convention(c) (xmlSecDSigCtxPtr?) -> Void
    let xmlSecDSigCtxEnableReferenceTransform: @convention(c) (xmlSecDSigCtxPtr?, xmlSecTransformId?) -> Int32
    let xmlSecDSigCtxEnableSignatureTransform: @convention(c) (xmlSecDSigCtxPtr?, xmlSecTransformId?) -> Int32
    let xmlSecDSigCtxSign: @convention(c) (_ context: xmlSecDSigCtxPtr?, _ template: xmlNodePtr?) -> Int32
    let xmlSecDSigCtxVerify: @convention(c) (_ context: xmlSecDSigCtxPtr?, _ signature: xmlNodePtr?) -> Int32
    let xmlSecTmplSignatureCreateNsPref:
        @convention(c) (
            _ document: xmlDocPtr?, _ canonicalization: xmlSecTransformId?, _ signatureMethod: xmlSecTransformId?,
            _ id: UnsafePointer<xmlChar>?, _ namespacePrefix: UnsafePointer<xmlChar>?
        ) -> xmlNodePtr?
    let xmlSecTmplSignatureAddReference:
        @convention(c) (
            _ signature: xmlNodePtr?, _ digestMethod: xmlSecTransformId?, _ id: UnsafePointer<xmlChar>?, _ uri: UnsafePointer<xmlChar>?,
            _ type: UnsafePointer<xmlChar>?
        ) -> xmlNodePtr?
    let xmlSecTmplReferenceAddTransform: @convention(c) (_ reference: xmlNodePtr?, _ transform: xmlSecTransformId?) -> xmlNodePtr?
    let xmlSecTmplSignatureEnsureKeyInfo: @convention(c) (_ signature: xmlNodePtr?, _ id: UnsafePointer<xmlChar>?) -> xmlNodePtr?
    let xmlSecTmplKeyInfoAddX509Data: @convention(c) (_ keyInfo: xmlNodePtr?) -> xmlNodePtr?
    let xmlSecTmplX509DataAddCertificate: @convention(c) (_ x509Data: xmlNodePtr?) -> xmlNodePtr?
    let xmlSecTransformEnvelopedGetKlass: @convention(c) () -> xmlSecTransformId?
    let xmlSecTransformExclC14NGetKlass: @convention(c) () -> xmlSecTransformId?

    // xmlsec: xmlenc.h
    let xmlSecEncCtxCreate: @convention(c) (xmlSecKeysMngrPtr?) -> xmlSecEncCtxPtr?
    let xmlSecEncCtxDestroy: @convention(c) (xmlSecEncCtxPtr?) -> Void
    let xmlSecEncCtxDecrypt: @convention(c) (_ context: xmlSecEncCtxPtr?, _ encryptedData: xmlNodePtr?) -> Int32
    let xmlSecEncCtxDecryptToBuffer: @convention(c) (_ context: xmlSecEncCtxPtr?, _ encrypted: xmlNodePtr?) -> xmlSecBufferPtr?

    // xmlsec's OpenSSL back end: openssl/app.h, openssl/crypto.h. xmlSecByte and xmlSecSize are macros, which
    // Swift does not import, for `unsigned char` and (with XMLSEC_NO_SIZE_T) `unsigned int`.
    let xmlSecOpenSSLAppInit: @convention(c) (_ configuration: UnsafePointer<CChar>?) -> Int32
    let xmlSecOpenSSLInit: @convention(c) () -> Int32
    let xmlSecOpenSSLAppKeyLoadMemory:
        @convention(c) (
            _ data: UnsafePointer<UInt8>?, _ size: UInt32, _ format: xmlSecKeyDataFormat, _ password: UnsafePointer<CChar>?,
            _ passwordCallback: UnsafeMutableRawPointer?, _ passwordCallbackContext: UnsafeMutableRawPointer?
        ) -> xmlSecKeyPtr?
    let xmlSecOpenSSLAppKeyCertLoadMemory:
        @convention(c) (_ key: xmlSecKeyPtr?, _ data: UnsafePointer<UInt8>?, _ size: UInt32, _ format: xmlSecKeyDataFormat) -> Int32
    let xmlSecOpenSSLTransformRsaSha256GetKlass: @convention(c) () -> xmlSecTransformId?
    let xmlSecOpenSSLTransformRsaSha384GetKlass: @convention(c) () -> xmlSecTransformId?
    let xmlSecOpenSSLTransformRsaSha512GetKlass: @convention(c) () -> xmlSecTransformId?
    let xmlSecOpenSSLTransformSha256GetKlass: @convention(c) () -> xmlSecTransformId?
    let xmlSecOpenSSLTransformSha384GetKlass: @convention(c) () -> xmlSecTransformId?
    let xmlSecOpenSSLTransformSha512GetKlass: @convention(c) () -> xmlSecTransformId?
    let xmlSecOpenSSLTransformRsaOaepGetKlass: @convention(c) () -> xmlSecTransformId?
    let xmlSecOpenSSLTransformAes128CbcGetKlass: @convention(c) () -> xmlSecTransformId?
    let xmlSecOpenSSLTransformAes192CbcGetKlass: @convention(c) () -> xmlSecTransformId?
    let xmlSecOpenSSLTransformAes256CbcGetKlass: @convention(c) () -> xmlSecTransformId?
    let xmlSecOpenSSLTransformAes128GcmGetKlass: @convention(c) () -> xmlSecTransformId?
    let xmlSecOpenSSLTransformAes192GcmGetKlass: @convention(c) () -> xmlSecTransformId?
    let xmlSecOpenSSLTransformAes256GcmGetKlass: @convention(c) () -> xmlSecTransformId?
    let xmlSecOpenSSLKeyDataAesGetKlass: @convention(c) () -> xmlSecKeyDataId?

    /// libxml2's `xmlStructuredErrorFunc`, spelled out: the imported typedef in a stored property's type
    /// makes a module that imports both SAML and Foundation fail to build (its ICU headers clash with
    /// Foundation's copy of ICU when the typedef is looked up).
    typealias StructuredErrorHandler = @convention(c) (_ context: UnsafeMutableRawPointer?, _ error: xmlErrorPtr?) -> Void
}
