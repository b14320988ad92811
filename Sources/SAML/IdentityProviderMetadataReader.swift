internal import CXMLSec
import Crypto

/// Reads what Portico needs from a SAML 2.0 identity provider's metadata: the file Microsoft Entra ID calls
/// "Federation Metadata XML", and what Okta, Keycloak, Shibboleth or pysaml2 publish.
///
/// It takes the first `EntityDescriptor` with an `IDPSSODescriptor` for SAML 2.0 (inside an
/// `EntitiesDescriptor` too), and from that descriptor the entity id, the HTTP-Redirect single sign-on
/// address, every signing certificate (a `KeyDescriptor` with `use="signing"` or no `use`), and the single
/// logout address if there is one. Everything else is ignored: Entra's WS-Federation `RoleDescriptor`s in
/// other namespaces, organisation and contact details, extensions. The metadata's own signature is not
/// checked: an admin uploads the file on purpose, and pinning the certificates it names is the trust decision.
///
/// The text is parsed by libxml2 without network access or entity substitution, a DTD is refused (it is how
/// entity-expansion attacks arrive), and files beyond `maximumSize` are refused before parsing.
package enum IdentityProviderMetadataReader {
    /// The largest metadata read, in bytes (1 MiB): one identity provider's file is a few tens of kilobytes;
    /// only a federation's aggregate of thousands of entities is larger, and that is not what an admin uploads.
    package static let maximumSize = 1024 * 1024

    static let metadataNamespace = "urn:oasis:names:tc:SAML:2.0:metadata"
    static let protocolNamespace = "urn:oasis:names:tc:SAML:2.0:protocol"
    package static let redirectBinding = "urn:oasis:names:tc:SAML:2.0:bindings:HTTP-Redirect"
    package static let postBinding = "urn:oasis:names:tc:SAML:2.0:bindings:HTTP-POST"

    /// What the metadata says about the identity provider.
    package struct Metadata: Equatable, Sendable {
        /// The `entityID`: the `Issuer` of its responses.
        package var entityID: String
        /// Where sign-in requests go by HTTP-Redirect.
        package var singleSignOnURL: String
        /// Every distinct signing certificate, in document order: several while the provider rotates keys.
        package var signingCertificates: [X509Certificate]
        /// Where logout messages go, by HTTP-Redirect if offered, else by HTTP-POST; nil when neither is.
        package var singleLogoutService: Endpoint?
    }

    /// A binding and the address it is used at.
    package struct Endpoint: Hashable, Sendable {
        package var binding: String
        package var location: String

        package init(binding: String, location: String) {
            self.binding = binding
            self.location = location
        }
    }

    /// Why metadata could not be used, in words an admin can act on.
    package enum Failure: Error, Hashable, Sendable, CustomStringConvertible {
        case tooLarge
        case malformedXML
        case documentTypeDeclaration
        /// The root element is neither an `EntityDescriptor` nor an `EntitiesDescriptor`; carries its name.
        case notMetadata(rootElement: String)
        case noIdentityProviderDescriptor
        case missingEntityID
        case noRedirectSingleSignOnService
        case noSigningCertificate
        /// The signing certificate at this position (from 1, in document order) is not base64 DER X.509.
        case unreadableCertificate(position: Int)
        /// libxml2 could not be loaded or failed; carries its reason.
        case libraryFailure(String)

        package var description: String {
            switch self {
            case .tooLarge:
                "The metadata is larger than 1 MiB. An identity provider's own metadata is a few kilobytes: is this a federation's aggregate?"
            case .malformedXML:
                "The metadata is not well-formed XML. Download it again and upload the file unchanged."
            case .documentTypeDeclaration:
                "The metadata has a DOCTYPE, which Portico refuses: SAML metadata never needs one."
            case .notMetadata(let root):
                "This is not SAML metadata: its root element is \(root), not EntityDescriptor or EntitiesDescriptor."
            case .noIdentityProviderDescriptor:
                "The metadata has no IDPSSODescriptor for SAML 2.0, so it does not describe a SAML identity provider (is it a service provider's metadata?)."
            case .missingEntityID:
                "The EntityDescriptor has no entityID."
            case .noRedirectSingleSignOnService:
                "The IDPSSODescriptor has no HTTP-Redirect SingleSignOnService, which is where Portico sends people to sign in."
            case .noSigningCertificate:
                "The IDPSSODescriptor has no signing certificate (a KeyDescriptor with use=\"signing\", or without use, holding an X509Certificate)."
            case .unreadableCertificate(let position):
                "Signing certificate \(position) in the metadata is not a readable X.509 certificate."
            case .libraryFailure(let reason):
                "The metadata could not be read: \(reason)."
            }
        }
    }

    /// Reads `xml`; a leading byte-order mark (which Windows tools write) is skipped.
    package static func read(_ xml: String) throws(Failure) -> Metadata {
        var text = Substring(xml)
        if text.unicodeScalars.first == "\u{FEFF}" { text = Substring(text.unicodeScalars.dropFirst()) }
        guard text.utf8.count <= maximumSize else { throw .tooLarge }
        let document = try parse(String(text))
        guard let root = document.root else { throw .malformedXML }
        let md = metadataNamespace
        guard root.isElement("EntityDescriptor", in: md) || root.isElement("EntitiesDescriptor", in: md) else {
            throw .notMetadata(rootElement: root.localName)
        }
        for entity in entityDescriptors(in: root) {
            let descriptor = entity.childElements.first { element in
                element.isElement("IDPSSODescriptor", in: md)
                    && (document.attribute("protocolSupportEnumeration", of: element) ?? "").split(separator: " ")
                        .contains(Substring(protocolNamespace))
            }
            guard let descriptor else { continue }
            return try metadata(of: entity, descriptor: descriptor, in: document)
        }
        throw .noIdentityProviderDescriptor
    }

    private static func parse(_ text: String) throws(Failure) -> LibXMLDocument {
        do throws(XMLSignatureError) {
            return try LibXMLDocument(parsing: text)
        } catch {
            switch error {
            case .malformedXML: throw .malformedXML
            case .documentTypeDeclaration: throw .documentTypeDeclaration
            default: throw .libraryFailure("\(error)")
            }
        }
    }

    /// The `EntityDescriptor`s at or below `element`, in document order, through nested `EntitiesDescriptor`s.
    private static func entityDescriptors(in element: xmlNodePtr) -> [xmlNodePtr] {
        if element.isElement("EntityDescriptor", in: metadataNamespace) { return [element] }
        guard element.isElement("EntitiesDescriptor", in: metadataNamespace) else { return [] }
        return element.childElements.flatMap(entityDescriptors)
    }

    private static func metadata(
        of entity: xmlNodePtr, descriptor: xmlNodePtr, in document: borrowing LibXMLDocument
    ) throws(Failure) -> Metadata {
        let md = metadataNamespace
        guard let entityID = document.attribute("entityID", of: entity), !entityID.isEmpty else { throw .missingEntityID }

        func endpoints(_ name: String) -> [Endpoint] {
            descriptor.childElements.filter { $0.isElement(name, in: md) }.compactMap { element in
                let location = (document.attribute("Location", of: element) ?? "").trimmingXMLWhitespace()
                guard let binding = document.attribute("Binding", of: element), !location.isEmpty else { return nil }
                return Endpoint(binding: binding, location: location)
            }
        }
        guard let signOn = endpoints("SingleSignOnService").first(where: { $0.binding == redirectBinding }) else {
            throw .noRedirectSingleSignOnService
        }
        let logout = endpoints("SingleLogoutService")
        let singleLogout = logout.first { $0.binding == redirectBinding } ?? logout.first { $0.binding == postBinding }

        let dsig = XMLSignatureAlgorithm.signatureNamespace
        let signingKeys = descriptor.childElements.filter { element in
            guard element.isElement("KeyDescriptor", in: md) else { return false }
            let use = document.attribute("use", of: element)
            return use == nil || use == "signing"
        }
        let certificateElements = signingKeys.flatMap { key in
            key.childElements.filter { $0.isElement("KeyInfo", in: dsig) }.flatMap { info in
                info.childElements.filter { $0.isElement("X509Data", in: dsig) }.flatMap { data in
                    data.childElements.filter { $0.isElement("X509Certificate", in: dsig) }
                }
            }
        }
        var certificates: [X509Certificate] = []
        for (index, element) in certificateElements.enumerated() {
            guard let certificate = try? X509Certificate(base64DER: document.text(of: element)) else {
                throw .unreadableCertificate(position: index + 1)
            }
            if !certificates.contains(certificate) { certificates.append(certificate) }
        }
        guard !certificates.isEmpty else { throw .noSigningCertificate }
        return Metadata(
            entityID: entityID, singleSignOnURL: signOn.location, signingCertificates: certificates, singleLogoutService: singleLogout)
    }
}

extension String {
    /// The text without the spaces, tabs and line breaks XML allows around a value.
    fileprivate func trimmingXMLWhitespace() -> String {
        let whitespace: Set<Unicode.Scalar> = [" ", "\t", "\r", "\n"]
        let scalars = unicodeScalars.drop { whitespace.contains($0) }.reversed().drop { whitespace.contains($0) }.reversed()
        return String(String.UnicodeScalarView(scalars))
    }
}
