import Foundation

#if canImport(FoundationXML)
    import FoundationXML
#endif

/// A document read back with Foundation's XMLParser, independent of the libxml2 code under test.
final class ParsedXML {
    let name: String
    let namespaceURI: String
    let attributes: [String: String]
    private(set) var children: [ParsedXML] = []
    fileprivate(set) var text = ""

    init(name: String, namespaceURI: String, attributes: [String: String]) {
        self.name = name
        self.namespaceURI = namespaceURI
        self.attributes = attributes
    }

    static let saml = "urn:oasis:names:tc:SAML:2.0:assertion"
    static let samlp = "urn:oasis:names:tc:SAML:2.0:protocol"
    static let ds = "http://www.w3.org/2000/09/xmldsig#"
    static let md = "urn:oasis:names:tc:SAML:2.0:metadata"

    /// The root element, or nil if `xml` is not well-formed.
    static func parse(_ xml: String) -> ParsedXML? {
        let builder = Builder()
        let parser = XMLParser(data: Data(xml.utf8))
        parser.shouldProcessNamespaces = true
        parser.delegate = builder
        return parser.parse() ? builder.root : nil
    }

    /// Descendant elements (self included) with this local name and namespace, in document order.
    func all(_ name: String, in namespace: String) -> [ParsedXML] {
        var found: [ParsedXML] = []
        if self.name == name && namespaceURI == namespace { found.append(self) }
        for child in children { found += child.all(name, in: namespace) }
        return found
    }

    /// The local names of the child elements, in order.
    var childNames: [String] { children.map(\.name) }

    func first(_ name: String, in namespace: String) -> ParsedXML? {
        all(name, in: namespace).first
    }

    /// The `AttributeValue` texts of the SAML attribute with this full name.
    func samlAttributeValues(_ attributeName: String) -> [String] {
        all("Attribute", in: Self.saml).filter { $0.attributes["Name"] == attributeName }
            .flatMap { $0.all("AttributeValue", in: Self.saml).map(\.text) }
    }

    private final class Builder: NSObject, XMLParserDelegate {
        var root: ParsedXML?
        var stack: [ParsedXML] = []

        func parser(
            _ parser: XMLParser, didStartElement elementName: String, namespaceURI: String?,
            qualifiedName: String?, attributes: [String: String] = [:]
        ) {
            let element = ParsedXML(name: elementName, namespaceURI: namespaceURI ?? "", attributes: attributes)
            if let parent = stack.last { parent.children.append(element) } else { root = element }
            stack.append(element)
        }

        func parser(_ parser: XMLParser, didEndElement elementName: String, namespaceURI: String?, qualifiedName: String?) {
            stack.removeLast()
        }

        func parser(_ parser: XMLParser, foundCharacters string: String) {
            stack.last?.text += string
        }
    }
}
