internal import CXMLSec
import Crypto

/// Decrypts an XML Encryption `EncryptedData` element in place with one of Portico's RSA keys, through xmlsec.
///
/// Entra ID (and Okta, Keycloak and pysaml2 when told to) encrypt the assertion to the service provider's
/// certificate: a random AES key encrypts the content (CBC or GCM), and RSA-OAEP encrypts that key to us in
/// an `EncryptedKey`. xmlsec could look the key up on its own through a keys manager, but it would then also
/// follow KeyInfo wherever it points; instead the decryptor finds the `EncryptedKey` elements itself (inside
/// the data's KeyInfo, or beside the data as Shibboleth writes them), opens each with each of Portico's keys
/// until one yields an AES key of the right length, and gives that key to xmlsec for the content. Before
/// any of that it checks the shape: every algorithm on the allowed list (PKCS#1 v1.5 key transport and
/// Triple DES refused by name), the ciphertext inline (a `CipherReference` could make xmlsec read a URL),
/// and xmlsec is further held to those algorithms and to no URIs at all.
///
/// Decryption proves nothing about who wrote the content: anyone can encrypt to a public certificate. The
/// caller still requires a signature, over the ciphertext (the Response's) or over the plaintext (the
/// Assertion's). Every way the keys or the content fail to decrypt is the same `undecryptable`, so that an
/// answer cannot serve as a padding oracle on CBC; the caller's answer to the browser is one refusal anyway.
struct XMLDecryptor: Sendable {
    private let privateKeyPEMs: [[UInt8]]

    init(keys: [SigningCredentials]) {
        privateKeyPEMs = keys.map { Array($0.privateKeyPEM.utf8) }
    }

    /// The content algorithms, by identifier: the AES key length each needs and its xmlsec transform.
    private static let contentAlgorithms: [String: (keyLength: Int, transform: @Sendable (XMLSecurityFunctions) -> xmlSecTransformId?)] = [
        "http://www.w3.org/2001/04/xmlenc#aes128-cbc": (16, { $0.xmlSecOpenSSLTransformAes128CbcGetKlass() }),
        "http://www.w3.org/2001/04/xmlenc#aes192-cbc": (24, { $0.xmlSecOpenSSLTransformAes192CbcGetKlass() }),
        "http://www.w3.org/2001/04/xmlenc#aes256-cbc": (32, { $0.xmlSecOpenSSLTransformAes256CbcGetKlass() }),
        "http://www.w3.org/2009/xmlenc11#aes128-gcm": (16, { $0.xmlSecOpenSSLTransformAes128GcmGetKlass() }),
        "http://www.w3.org/2009/xmlenc11#aes192-gcm": (24, { $0.xmlSecOpenSSLTransformAes192GcmGetKlass() }),
        "http://www.w3.org/2009/xmlenc11#aes256-gcm": (32, { $0.xmlSecOpenSSLTransformAes256GcmGetKlass() }),
    ]
    /// RSA-OAEP with MGF1-SHA1, the key transport xmlsec 1.2 implements (the XML Encryption 1.1
    /// `rsa-oaep` identifier, with a choice of MGF, arrived in xmlsec 1.3).
    private static let keyTransport = "http://www.w3.org/2001/04/xmlenc#rsa-oaep-mgf1p"
    private static let elementType = "http://www.w3.org/2001/04/xmlenc#Element"

    /// Replaces the `EncryptedData` child of `container` (an `EncryptedAssertion`) with its plaintext, parsed
    /// in place. The container's other children must be `EncryptedKey`s, which stay.
    func decryptContent(of container: xmlNodePtr, in document: borrowing LibXMLDocument) throws(XMLDecryptionError) {
        let xenc = SAMLNamespace.xmlEncryption
        let dsig = XMLSignatureAlgorithm.signatureNamespace
        let children = container.childElements
        guard let encryptedData = children.first, encryptedData.isElement("EncryptedData", in: xenc),
            children.dropFirst().allSatisfy({ $0.isElement("EncryptedKey", in: xenc) })
        else { throw .unexpectedStructure("expected one EncryptedData, then only EncryptedKeys") }
        // Only an element is put back into the tree; other content would be decrypted and dropped.
        let type = document.attribute("Type", of: encryptedData) ?? ""
        guard type == Self.elementType else { throw .unexpectedStructure("EncryptedData of Type \"\(type)\", not an element") }

        let parts = encryptedData.childElements
        guard parts.count == 2 || parts.count == 3, parts[0].isElement("EncryptionMethod", in: xenc),
            parts.count == 2 || parts[1].isElement("KeyInfo", in: dsig)
        else { throw .unexpectedStructure("EncryptedData must hold EncryptionMethod, KeyInfo and CipherData") }
        let method = document.attribute("Algorithm", of: parts[0]) ?? ""
        guard let content = Self.contentAlgorithms[method] else { throw .unsupportedAlgorithm(method) }
        guard parts[0].childElements.isEmpty else { throw .unexpectedStructure("the content EncryptionMethod must be empty") }
        try Self.requireInlineCipherValue(parts[parts.count - 1])

        var encryptedKeys = Array(children.dropFirst())
        if parts.count == 3 {
            for item in parts[1].childElements {
                if item.isElement("EncryptedKey", in: xenc) {
                    encryptedKeys.append(item)
                } else if !item.isElement("RetrievalMethod", in: dsig), !item.isElement("KeyName", in: dsig) {
                    throw .unexpectedStructure("EncryptedData's KeyInfo may hold only EncryptedKey, RetrievalMethod and KeyName")
                }
            }
        }
        guard !encryptedKeys.isEmpty else { throw .unexpectedStructure("no EncryptedKey") }
        for encryptedKey in encryptedKeys {
            try Self.checkShape(ofEncryptedKey: encryptedKey, in: document)
        }

        let library = document.library
        guard let keyBytes = try openFirstKey(of: encryptedKeys, length: content.keyLength, using: library) else {
            throw .undecryptable
        }
        try Self.decrypt(encryptedData, with: keyBytes, transform: content.transform(library), using: library)
    }

    private static func checkShape(ofEncryptedKey encryptedKey: xmlNodePtr, in document: borrowing LibXMLDocument)
        throws(XMLDecryptionError)
    {
        let xenc = SAMLNamespace.xmlEncryption
        let dsig = XMLSignatureAlgorithm.signatureNamespace
        let parts = encryptedKey.childElements
        guard let method = parts.first, method.isElement("EncryptionMethod", in: xenc) else {
            throw .unexpectedStructure("EncryptedKey must start with its EncryptionMethod")
        }
        let algorithm = document.attribute("Algorithm", of: method) ?? ""
        guard algorithm == keyTransport else { throw .unsupportedAlgorithm(algorithm) }
        // OAEP's own parameters: the digest (SHA-1 unless named) and an optional label.
        guard method.childElements.allSatisfy({ $0.isElement("DigestMethod", in: dsig) || $0.isElement("OAEPparams", in: xenc) }) else {
            throw .unexpectedStructure("the key transport EncryptionMethod may hold only DigestMethod and OAEPparams")
        }
        var rest = parts.dropFirst()
        if let keyInfo = rest.first, keyInfo.isElement("KeyInfo", in: dsig) { rest = rest.dropFirst() }
        guard let cipherData = rest.first else { throw .unexpectedStructure("EncryptedKey has no CipherData") }
        try requireInlineCipherValue(cipherData)
        guard rest.dropFirst().allSatisfy({ $0.isElement("ReferenceList", in: xenc) || $0.isElement("CarriedKeyName", in: xenc) }) else {
            throw .unexpectedStructure("EncryptedKey holds more than its method, KeyInfo, CipherData, ReferenceList and CarriedKeyName")
        }
    }

    private static func requireInlineCipherValue(_ cipherData: xmlNodePtr) throws(XMLDecryptionError) {
        let xenc = SAMLNamespace.xmlEncryption
        let values = cipherData.childElements
        guard cipherData.isElement("CipherData", in: xenc), values.count == 1, values[0].isElement("CipherValue", in: xenc) else {
            throw .unexpectedStructure("CipherData must hold one inline CipherValue")
        }
    }

    /// The first AES key of `length` bytes that any `EncryptedKey` yields to any of Portico's keys.
    private func openFirstKey(of encryptedKeys: [xmlNodePtr], length: Int, using library: XMLSecurityFunctions) throws(XMLDecryptionError)
        -> [UInt8]?
    {
        var privateKeys: [xmlSecKeyPtr] = []
        defer { privateKeys.forEach { library.xmlSecKeyDestroy($0) } }
        for pem in privateKeyPEMs {
            let key = pem.withUnsafeBufferPointer {
                library.xmlSecOpenSSLAppKeyLoadMemory($0.baseAddress, UInt32($0.count), xmlSecKeyDataFormatPem, nil, nil, nil)
            }
            guard let key else { throw .unusableKey }
            privateKeys.append(key)
        }
        for encryptedKey in encryptedKeys {
            for privateKey in privateKeys {
                let opened = try Self.open(encryptedKey, with: privateKey, using: library)
                if let opened, opened.count == length { return opened }
            }
        }
        return nil
    }

    /// The key `encryptedKey` carries, decrypted with `privateKey`; nil if it does not open.
    private static func open(_ encryptedKey: xmlNodePtr, with privateKey: xmlSecKeyPtr, using library: XMLSecurityFunctions)
        throws(XMLDecryptionError) -> [UInt8]?
    {
        let context = try makeContext(allowing: library.xmlSecOpenSSLTransformRsaOaepGetKlass(), using: library)
        defer { library.xmlSecEncCtxDestroy(context) }
        context.pointee.mode = xmlEncCtxModeEncryptedKey
        // The context owns this copy from here and destroys it with itself.
        guard let copy = library.xmlSecKeyDuplicate(privateKey) else { throw .libraryFailure("xmlSecKeyDuplicate") }
        context.pointee.encKey = copy
        guard let buffer = library.xmlSecEncCtxDecryptToBuffer(context, encryptedKey), let data = buffer.pointee.data else { return nil }
        return Array(UnsafeBufferPointer(start: data, count: Int(buffer.pointee.size)))
    }

    private static func decrypt(
        _ encryptedData: xmlNodePtr, with keyBytes: [UInt8], transform: xmlSecTransformId?, using library: XMLSecurityFunctions
    ) throws(XMLDecryptionError) {
        let context = try makeContext(allowing: transform, using: library)
        defer { library.xmlSecEncCtxDestroy(context) }
        context.pointee.mode = xmlEncCtxModeEncryptedData
        let key = keyBytes.withUnsafeBufferPointer {
            library.xmlSecKeyReadMemory(library.xmlSecOpenSSLKeyDataAesGetKlass(), $0.baseAddress, UInt32($0.count))
        }
        guard let key else { throw .libraryFailure("xmlSecKeyReadMemory") }
        context.pointee.encKey = key
        guard library.xmlSecEncCtxDecrypt(context, encryptedData) == 0, context.pointee.resultReplaced == 1 else { throw .undecryptable }
    }

    /// An encryption context that runs no transform but `allowed` (and the base64 decoding xmlsec adds
    /// itself) and follows no URI.
    private static func makeContext(allowing allowed: xmlSecTransformId?, using library: XMLSecurityFunctions) throws(XMLDecryptionError)
        -> xmlSecEncCtxPtr
    {
        guard let context = library.xmlSecEncCtxCreate(nil) else { throw .libraryFailure("xmlSecEncCtxCreate") }
        context.pointee.transformCtx.enabledUris = xmlSecTransformUriType(xmlSecTransformUriTypeNone)
        // xmlsec has no function for this list on an encryption context (xmlSecDSigCtxEnableReferenceTransform
        // is its signature twin); the list lives inside the context, at a fixed offset from its start.
        guard let offset = MemoryLayout<xmlSecEncCtx>.offset(of: \xmlSecEncCtx.transformCtx.enabledTransforms), let allowed,
            library.xmlSecPtrListAdd(
                (UnsafeMutableRawPointer(context) + offset).assumingMemoryBound(to: xmlSecPtrList.self),
                UnsafeMutableRawPointer(mutating: UnsafeRawPointer(allowed))) == 0
        else {
            library.xmlSecEncCtxDestroy(context)
            throw .libraryFailure("xmlSecPtrListAdd")
        }
        return context
    }
}
