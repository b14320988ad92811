internal import CXMLSec
import Crypto

/// Checks that one element of a document carries a valid enveloped signature by one of the trusted certificates.
///
/// Stricter than xmlsec alone, because a valid signature somewhere in a document proves nothing about
/// the element a caller goes on to read. Before any cryptography it requires: no DTD; every `ID`
/// unique; the Signature a direct child of the element; exactly one Reference, whose URI is `#` plus
/// that element's ID and resolves to that very element; exclusive c14n; RSA with SHA-256, SHA-384 or
/// SHA-512 and a SHA-2 digest; only the enveloped and exclusive-c14n transforms, in that order. What
/// identity providers add around that is accepted and nothing else: a KeyInfo (Entra, Okta and xmlsec put
/// their certificate there) and an `InclusiveNamespaces` prefix list on exclusive c14n. xmlsec is also
/// told to allow only the algorithms the Signature names and same-document references, and the key comes
/// from the given certificates alone, never from the document's KeyInfo.
///
/// Safe to use from several threads at once, like `XMLSigner`.
package struct XMLSignatureVerifier: Sendable {
    private let certificatePEMs: [[UInt8]]

    package init(certificate: X509Certificate) {
        self.init(certificates: [certificate])
    }

    /// Accepts a signature by any of `certificates`: an identity provider lists two while it rotates its key.
    package init(certificates: [X509Certificate]) {
        certificatePEMs = certificates.map { Array($0.pem.utf8) }
    }

    /// Returns if the element with `ID` = `elementID` is signed by one of the certificates; throws otherwise.
    package func verify(_ xml: String, signedElementID elementID: String) throws(XMLSignatureError) {
        let document = try LibXMLDocument(parsing: xml)
        let elements = try document.registerIDs()
        guard let element = elements[elementID] else { throw .elementNotFound(id: elementID) }
        try verify(element, in: document)
    }

    /// Returns if `element` is signed by one of the certificates; throws otherwise. The document's IDs must
    /// be registered (`LibXMLDocument.registerIDs`), so that the caller reads the very tree that was checked.
    func verify(_ element: xmlNodePtr, in document: borrowing LibXMLDocument) throws(XMLSignatureError) {
        let elementID = document.attribute("ID", of: element) ?? ""
        guard !elementID.isEmpty, document.element(withID: elementID) == element else { throw .elementNotFound(id: elementID) }
        let signatures = element.childElements.filter { $0.isElement("Signature", in: XMLSignatureAlgorithm.signatureNamespace) }
        guard let signature = signatures.first else { throw .missingSignature }
        guard signatures.count == 1 else { throw .unexpectedSignatureStructure("more than one Signature on the element") }
        let methods = try Self.checkShape(of: signature, in: document, expectedReference: "#" + elementID)

        // Each certificate in turn; a failure other than a wrong signature (a key xmlsec cannot use) is kept
        // for the answer only if no certificate verifies and none said the signature was wrong.
        var failure: XMLSignatureError?
        for certificatePEM in certificatePEMs {
            do throws(XMLSignatureError) {
                try verify(signature, using: methods, certificatePEM: certificatePEM, library: document.library)
                return
            } catch .invalidSignature {
                failure = .invalidSignature
            } catch {
                if failure == nil { failure = error }
            }
        }
        throw failure ?? .invalidSignature
    }

    private func verify(
        _ signature: xmlNodePtr, using methods: SignatureMethods, certificatePEM: [UInt8], library: XMLSecurityFunctions
    ) throws(XMLSignatureError) {
        guard let context = library.xmlSecDSigCtxCreate(nil) else { throw .libraryFailure("xmlSecDSigCtxCreate") }
        defer { library.xmlSecDSigCtxDestroy(context) }
        context.pointee.enabledReferenceUris = xmlSecTransformUriType(xmlSecTransformUriTypeSameDocument)
        guard library.xmlSecDSigCtxEnableSignatureTransform(context, library.xmlSecTransformExclC14NGetKlass()) == 0,
            library.xmlSecDSigCtxEnableSignatureTransform(context, methods.signature(library)) == 0,
            library.xmlSecDSigCtxEnableReferenceTransform(context, library.xmlSecTransformEnvelopedGetKlass()) == 0,
            library.xmlSecDSigCtxEnableReferenceTransform(context, library.xmlSecTransformExclC14NGetKlass()) == 0,
            library.xmlSecDSigCtxEnableReferenceTransform(context, methods.digest(library)) == 0
        else { throw .libraryFailure("xmlSecDSigCtxEnableTransform") }
        // With signKey set xmlsec never consults KeyInfo, so a certificate embedded by an attacker is ignored.
        context.pointee.signKey = try Self.loadCertificateKey(certificatePEM, using: library)

        guard library.xmlSecDSigCtxVerify(context, signature) == 0 else { throw .libraryFailure("xmlSecDSigCtxVerify") }
        guard context.pointee.status == xmlSecDSigStatusSucceeded else { throw .invalidSignature }
    }

    /// The signature and digest algorithms a Signature names, as xmlsec transforms.
    private struct SignatureMethods {
        let signature: (XMLSecurityFunctions) -> xmlSecTransformId?
        let digest: (XMLSecurityFunctions) -> xmlSecTransformId?
    }

    /// Refuses any Signature that is not the shape `XMLSigner` produces, give or take what identity providers add.
    private static func checkShape(
        of signature: xmlNodePtr, in document: borrowing LibXMLDocument, expectedReference: String
    ) throws(XMLSignatureError) -> SignatureMethods {
        let dsig = XMLSignatureAlgorithm.signatureNamespace
        let parts = signature.childElements
        guard parts.count >= 2, parts[0].isElement("SignedInfo", in: dsig), parts[1].isElement("SignatureValue", in: dsig),
            parts.dropFirst(2).allSatisfy({ $0.isElement("KeyInfo", in: dsig) }), parts.count <= 3
        else { throw .unexpectedSignatureStructure("Signature must hold SignedInfo, SignatureValue and at most KeyInfo") }

        let signedInfo = parts[0].childElements
        guard signedInfo.count == 3, signedInfo[0].isElement("CanonicalizationMethod", in: dsig),
            signedInfo[1].isElement("SignatureMethod", in: dsig), signedInfo[2].isElement("Reference", in: dsig)
        else { throw .unexpectedSignatureStructure("SignedInfo must hold one method of each kind and one Reference") }
        try requireExclusiveCanonicalization(signedInfo[0], in: document)
        let signatureMethod = algorithm(of: signedInfo[1], in: document)
        let signatureTransform: (XMLSecurityFunctions) -> xmlSecTransformId?
        switch signatureMethod {
        case XMLSignatureAlgorithm.rsaSHA256: signatureTransform = { $0.xmlSecOpenSSLTransformRsaSha256GetKlass() }
        case XMLSignatureAlgorithm.rsaSHA384: signatureTransform = { $0.xmlSecOpenSSLTransformRsaSha384GetKlass() }
        case XMLSignatureAlgorithm.rsaSHA512: signatureTransform = { $0.xmlSecOpenSSLTransformRsaSha512GetKlass() }
        default: throw .unsupportedAlgorithm(signatureMethod)
        }
        guard signedInfo[1].childElements.isEmpty else { throw .unexpectedSignatureStructure("SignatureMethod must be empty") }

        let reference = signedInfo[2]
        let uri = document.attribute("URI", of: reference) ?? ""
        guard uri == expectedReference else { throw .referenceMismatch(expected: expectedReference, found: uri) }
        let referenceParts = reference.childElements
        guard referenceParts.count == 3, referenceParts[0].isElement("Transforms", in: dsig),
            referenceParts[1].isElement("DigestMethod", in: dsig), referenceParts[2].isElement("DigestValue", in: dsig)
        else { throw .unexpectedSignatureStructure("Reference must hold Transforms, DigestMethod and DigestValue") }
        let digestMethod = algorithm(of: referenceParts[1], in: document)
        let digestTransform: (XMLSecurityFunctions) -> xmlSecTransformId?
        switch digestMethod {
        case XMLSignatureAlgorithm.sha256: digestTransform = { $0.xmlSecOpenSSLTransformSha256GetKlass() }
        case XMLSignatureAlgorithm.sha384: digestTransform = { $0.xmlSecOpenSSLTransformSha384GetKlass() }
        case XMLSignatureAlgorithm.sha512: digestTransform = { $0.xmlSecOpenSSLTransformSha512GetKlass() }
        default: throw .unsupportedAlgorithm(digestMethod)
        }
        guard referenceParts[1].childElements.isEmpty else { throw .unexpectedSignatureStructure("DigestMethod must be empty") }

        let transforms = referenceParts[0].childElements
        guard transforms.count == 2, transforms.allSatisfy({ $0.isElement("Transform", in: dsig) }) else {
            throw .unexpectedSignatureStructure("Reference must name exactly two transforms")
        }
        let enveloped = algorithm(of: transforms[0], in: document)
        guard enveloped == XMLSignatureAlgorithm.envelopedSignature else { throw .unsupportedAlgorithm(enveloped) }
        guard transforms[0].childElements.isEmpty else { throw .unexpectedSignatureStructure("the enveloped transform must be empty") }
        try requireExclusiveCanonicalization(transforms[1], in: document)
        return SignatureMethods(signature: signatureTransform, digest: digestTransform)
    }

    /// Exclusive c14n without comments, with at most an `InclusiveNamespaces` prefix list inside.
    private static func requireExclusiveCanonicalization(
        _ method: xmlNodePtr, in document: borrowing LibXMLDocument
    ) throws(XMLSignatureError) {
        let found = algorithm(of: method, in: document)
        guard found == XMLSignatureAlgorithm.exclusiveCanonicalization else { throw .unsupportedAlgorithm(found) }
        let children = method.childElements
        guard
            children.isEmpty
                || (children.count == 1 && children[0].isElement("InclusiveNamespaces", in: XMLSignatureAlgorithm.exclusiveCanonicalization)
                    && children[0].childElements.isEmpty)
        else { throw .unexpectedSignatureStructure("exclusive c14n may hold only an InclusiveNamespaces prefix list") }
    }

    private static func algorithm(of method: xmlNodePtr, in document: borrowing LibXMLDocument) -> String {
        document.attribute("Algorithm", of: method) ?? ""
    }

    private static func loadCertificateKey(_ certificatePEM: [UInt8], using library: XMLSecurityFunctions) throws(XMLSignatureError)
        -> xmlSecKeyPtr
    {
        let key = certificatePEM.withUnsafeBufferPointer {
            library.xmlSecOpenSSLAppKeyLoadMemory($0.baseAddress, UInt32($0.count), xmlSecKeyDataFormatCertPem, nil, nil, nil)
        }
        guard let key else { throw .unusableKey }
        return key
    }
}
