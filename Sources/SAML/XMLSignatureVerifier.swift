internal import CXMLSec
import Crypto

/// Checks that one element of a document carries a valid enveloped signature by one trusted certificate.
///
/// Stricter than xmlsec alone, because a valid signature somewhere in a document proves nothing about
/// the element a caller goes on to read. Before any cryptography it requires: no DTD; every `ID`
/// unique; the Signature a direct child of the element; exactly one Reference, whose URI is `#` plus
/// that element's ID; exclusive c14n, RSA-SHA256, SHA-256 and only the enveloped and exclusive-c14n
/// transforms. xmlsec is also told to allow only those algorithms and same-document references, and
/// the key comes from the given certificate alone, never from the document's KeyInfo.
///
/// Safe to use from several threads at once, like `XMLSigner`.
package struct XMLSignatureVerifier: Sendable {
    private let certificatePEM: [UInt8]

    package init(certificate: X509Certificate) {
        certificatePEM = Array(certificate.pem.utf8)
    }

    /// Returns if the element with `ID` = `elementID` is signed by the certificate; throws otherwise.
    package func verify(_ xml: String, signedElementID elementID: String) throws(XMLSignatureError) {
        let document = try LibXMLDocument(parsing: xml)
        let elements = try document.registerIDs()
        guard let element = elements[elementID] else { throw .elementNotFound(id: elementID) }
        let signatures = element.childElements.filter { $0.isElement("Signature", in: XMLSignatureAlgorithm.signatureNamespace) }
        guard let signature = signatures.first else { throw .missingSignature }
        guard signatures.count == 1 else { throw .unexpectedSignatureStructure("more than one Signature on the element") }
        try Self.checkShape(of: signature, in: document, expectedReference: "#" + elementID)

        let library = document.library
        guard let context = library.xmlSecDSigCtxCreate(nil) else { throw .libraryFailure("xmlSecDSigCtxCreate") }
        defer { library.xmlSecDSigCtxDestroy(context) }
        context.pointee.enabledReferenceUris = xmlSecTransformUriType(xmlSecTransformUriTypeSameDocument)
        guard library.xmlSecDSigCtxEnableSignatureTransform(context, library.xmlSecTransformExclC14NGetKlass()) == 0,
            library.xmlSecDSigCtxEnableSignatureTransform(context, library.xmlSecOpenSSLTransformRsaSha256GetKlass()) == 0,
            library.xmlSecDSigCtxEnableReferenceTransform(context, library.xmlSecTransformEnvelopedGetKlass()) == 0,
            library.xmlSecDSigCtxEnableReferenceTransform(context, library.xmlSecTransformExclC14NGetKlass()) == 0,
            library.xmlSecDSigCtxEnableReferenceTransform(context, library.xmlSecOpenSSLTransformSha256GetKlass()) == 0
        else { throw .libraryFailure("xmlSecDSigCtxEnableTransform") }
        // With signKey set xmlsec never consults KeyInfo, so a certificate embedded by an attacker is ignored.
        context.pointee.signKey = try loadCertificateKey(using: library)

        guard library.xmlSecDSigCtxVerify(context, signature) == 0 else { throw .libraryFailure("xmlSecDSigCtxVerify") }
        guard context.pointee.status == xmlSecDSigStatusSucceeded else { throw .invalidSignature }
    }

    /// Refuses any Signature that is not exactly the shape `XMLSigner` produces.
    private static func checkShape(
        of signature: xmlNodePtr, in document: borrowing LibXMLDocument, expectedReference: String
    ) throws(XMLSignatureError) {
        let dsig = XMLSignatureAlgorithm.signatureNamespace
        let parts = signature.childElements
        guard parts.count >= 2, parts[0].isElement("SignedInfo", in: dsig), parts[1].isElement("SignatureValue", in: dsig),
            parts.dropFirst(2).allSatisfy({ $0.isElement("KeyInfo", in: dsig) }), parts.count <= 3
        else { throw .unexpectedSignatureStructure("Signature must hold SignedInfo, SignatureValue and at most KeyInfo") }

        let signedInfo = parts[0].childElements
        guard signedInfo.count == 3, signedInfo[0].isElement("CanonicalizationMethod", in: dsig),
            signedInfo[1].isElement("SignatureMethod", in: dsig), signedInfo[2].isElement("Reference", in: dsig)
        else { throw .unexpectedSignatureStructure("SignedInfo must hold one method of each kind and one Reference") }
        try require(signedInfo[0], in: document, uses: XMLSignatureAlgorithm.exclusiveCanonicalization)
        try require(signedInfo[1], in: document, uses: XMLSignatureAlgorithm.rsaSHA256)

        let reference = signedInfo[2]
        let uri = document.attribute("URI", of: reference) ?? ""
        guard uri == expectedReference else { throw .referenceMismatch(expected: expectedReference, found: uri) }
        let referenceParts = reference.childElements
        guard referenceParts.count == 3, referenceParts[0].isElement("Transforms", in: dsig),
            referenceParts[1].isElement("DigestMethod", in: dsig), referenceParts[2].isElement("DigestValue", in: dsig)
        else { throw .unexpectedSignatureStructure("Reference must hold Transforms, DigestMethod and DigestValue") }
        try require(referenceParts[1], in: document, uses: XMLSignatureAlgorithm.sha256)

        let transforms = referenceParts[0].childElements
        guard transforms.count == 2, transforms.allSatisfy({ $0.isElement("Transform", in: dsig) }) else {
            throw .unexpectedSignatureStructure("Reference must name exactly two transforms")
        }
        try require(transforms[0], in: document, uses: XMLSignatureAlgorithm.envelopedSignature)
        try require(transforms[1], in: document, uses: XMLSignatureAlgorithm.exclusiveCanonicalization)
    }

    private static func require(
        _ method: xmlNodePtr, in document: borrowing LibXMLDocument, uses algorithm: String
    ) throws(XMLSignatureError) {
        let found = document.attribute("Algorithm", of: method) ?? ""
        guard found == algorithm else { throw .unsupportedAlgorithm(found) }
    }

    private func loadCertificateKey(using library: XMLSecurityFunctions) throws(XMLSignatureError) -> xmlSecKeyPtr {
        let key = certificatePEM.withUnsafeBufferPointer {
            library.xmlSecOpenSSLAppKeyLoadMemory($0.baseAddress, UInt32($0.count), xmlSecKeyDataFormatCertPem, nil, nil, nil)
        }
        guard let key else { throw .unusableKey }
        return key
    }
}
