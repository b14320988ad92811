internal import CXMLSec

/// Signs elements of an XML document with enveloped XML-DSig signatures, through xmlsec.
///
/// Each signature is RSA-SHA256 over an exclusive-c14n SignedInfo holding one SHA-256 Reference to the
/// element's `ID`, with the enveloped-signature and exclusive-c14n transforms and the certificate in
/// KeyInfo: the shape AWS accepts and `XMLSignatureVerifier` insists on. The Signature goes right
/// after the element's `saml:Issuer`, where the SAML schema puts it.
///
/// Safe to use from several threads at once: every call parses its own document and loads its own key
/// into its own xmlsec context; the only shared state is the library set-up, done once.
package struct XMLSigner: Sendable {
    private let privateKeyPEM: [UInt8]
    private let certificatePEM: [UInt8]

    package init(credentials: SigningCredentials) {
        privateKeyPEM = Array(credentials.privateKeyPEM.utf8)
        certificatePEM = Array(credentials.certificatePEM.utf8)
    }

    /// The Response with its Assertion signed first and then the Response itself, so the outer
    /// signature covers the inner one (SPEC §4).
    package func sign(_ response: UnsignedSAMLResponse) throws(XMLSignatureError) -> String {
        try sign(response.xml, elementIDs: [response.assertionID, response.responseID])
    }

    /// `xml` with the elements carrying these `ID`s signed in the given order.
    package func sign(_ xml: String, elementIDs: [String]) throws(XMLSignatureError) -> String {
        let document = try LibXMLDocument(parsing: xml)
        let elements = try document.registerIDs()
        // Parsing the PEM key is a good part of a signature's cost (OpenSSL 3's decoders are slow to set
        // up), so it is loaded once per call and each signature gets a copy; nothing is shared across calls.
        let library = document.library
        let key = try loadKey(using: library)
        defer { library.xmlSecKeyDestroy(key) }
        for id in elementIDs {
            guard let element = elements[id] else { throw .elementNotFound(id: id) }
            try sign(element, id: id, in: document.document, key: key, using: library)
        }
        return try document.serialized()
    }

    private func sign(
        _ element: xmlNodePtr, id: String, in document: xmlDocPtr, key: xmlSecKeyPtr, using library: XMLSecurityFunctions
    ) throws(XMLSignatureError) {
        guard
            let signature = library.xmlSecTmplSignatureCreateNsPref(
                document, library.xmlSecTransformExclC14NGetKlass(), library.xmlSecOpenSSLTransformRsaSha256GetKlass(), nil, "ds")
        else { throw .libraryFailure("xmlSecTmplSignatureCreateNsPref") }
        guard Self.insert(signature, into: element, using: library) else {
            library.xmlFreeNode(signature)
            throw .libraryFailure("xmlAddNextSibling")
        }
        // From here the document owns the template and frees it with the tree.
        guard
            let reference = library.xmlSecTmplSignatureAddReference(
                signature, library.xmlSecOpenSSLTransformSha256GetKlass(), nil, "#" + id, nil)
        else { throw .libraryFailure("xmlSecTmplSignatureAddReference") }
        guard library.xmlSecTmplReferenceAddTransform(reference, library.xmlSecTransformEnvelopedGetKlass()) != nil,
            library.xmlSecTmplReferenceAddTransform(reference, library.xmlSecTransformExclC14NGetKlass()) != nil
        else { throw .libraryFailure("xmlSecTmplReferenceAddTransform") }
        guard let keyInfo = library.xmlSecTmplSignatureEnsureKeyInfo(signature, nil),
            let x509Data = library.xmlSecTmplKeyInfoAddX509Data(keyInfo),
            library.xmlSecTmplX509DataAddCertificate(x509Data) != nil
        else { throw .libraryFailure("xmlSecTmplKeyInfoAddX509Data") }

        guard let context = library.xmlSecDSigCtxCreate(nil) else { throw .libraryFailure("xmlSecDSigCtxCreate") }
        defer { library.xmlSecDSigCtxDestroy(context) }
        // The context owns this copy from here and destroys it with itself.
        guard let copy = library.xmlSecKeyDuplicate(key) else { throw .libraryFailure("xmlSecKeyDuplicate") }
        context.pointee.signKey = copy
        guard library.xmlSecDSigCtxSign(context, signature) == 0 else { throw .libraryFailure("xmlSecDSigCtxSign") }
    }

    /// Puts the Signature after a leading `saml:Issuer`, else first among the element's children.
    private static func insert(_ signature: xmlNodePtr, into element: xmlNodePtr, using library: XMLSecurityFunctions) -> Bool {
        let children = element.childElements
        if let first = children.first, first.isElement("Issuer", in: XMLSignatureAlgorithm.samlAssertionNamespace) {
            return library.xmlAddNextSibling(first, signature) != nil
        }
        if let first = element.pointee.children {
            return library.xmlAddPrevSibling(first, signature) != nil
        }
        return library.xmlAddChild(element, signature) != nil
    }

    /// xmlsec's `xmlSecSize` is a macro for `unsigned int` in this configuration, hence the `UInt32`s.
    private func loadKey(using library: XMLSecurityFunctions) throws(XMLSignatureError) -> xmlSecKeyPtr {
        let key = privateKeyPEM.withUnsafeBufferPointer {
            library.xmlSecOpenSSLAppKeyLoadMemory($0.baseAddress, UInt32($0.count), xmlSecKeyDataFormatPem, nil, nil, nil)
        }
        guard let key else { throw .unusableKey }
        let attached = certificatePEM.withUnsafeBufferPointer {
            library.xmlSecOpenSSLAppKeyCertLoadMemory(key, $0.baseAddress, UInt32($0.count), xmlSecKeyDataFormatPem)
        }
        guard attached == 0 else {
            library.xmlSecKeyDestroy(key)
            throw .unusableKey
        }
        return key
    }
}
