internal import CXMLSec

/// An element of a small XML document copied out of libxml2 into plain values: for the other targets that
/// read a short, fixed-shape answer (STS's `AssumeRoleWithSAMLResponse`) and have no business with
/// libxml2's pointers.
///
/// Parsed as `LibXMLDocument` parses SAML: no network, no entity substitution, a DOCTYPE refused before
/// libxml2 sees it. The whole tree is copied, so it suits documents of a few kilobytes, not large ones.
package struct PlainXMLElement: Sendable, Equatable {
    /// The local name, without a prefix.
    package var name: String
    /// The namespace URI, or nil for an element in no namespace.
    package var namespace: String?
    /// Child elements in document order.
    package var children: [PlainXMLElement]
    /// The joined text and CDATA children (comments skipped); nil when the element holds child elements.
    package var text: String?

    package init(name: String, namespace: String?, children: [PlainXMLElement] = [], text: String? = nil) {
        self.name = name
        self.namespace = namespace
        self.children = children
        self.text = text
    }

    /// The root element of `xml`.
    package static func parse(_ xml: String) throws(XMLSignatureError) -> PlainXMLElement {
        let document = try LibXMLDocument(parsing: xml)
        guard let root = document.root else { throw .malformedXML }
        // libxml2 refuses nesting deeper than 256 without XML_PARSE_HUGE, which bounds this recursion.
        return copy(root)
    }

    private static func copy(_ node: xmlNodePtr) -> PlainXMLElement {
        PlainXMLElement(
            name: node.localName, namespace: node.namespaceURI, children: node.childElements.map(copy), text: node.canonicalText)
    }

    /// The first child element named `name` in `namespace`.
    package func child(_ name: String, in namespace: String?) -> PlainXMLElement? {
        children.first { $0.name == name && $0.namespace == namespace }
    }
}
