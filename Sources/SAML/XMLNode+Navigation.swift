internal import CXMLSec

/// Reading element names, namespaces and children from libxml2 nodes without copying the tree.
///
/// Plain reads of the node structs, so they need no library call; attributes are read through
/// `LibXMLDocument.attribute(_:of:)`, which has the loaded libxml2.
extension UnsafeMutablePointer where Pointee == xmlNode {
    var localName: String { pointee.name.map { String(cString: $0) } ?? "" }

    var namespaceURI: String? { pointee.ns?.pointee.href.map { String(cString: $0) } }

    func isElement(_ name: String, in namespace: String) -> Bool {
        pointee.type == XML_ELEMENT_NODE && localName == name && namespaceURI == namespace
    }

    /// Child elements in document order; text, comments and processing instructions are skipped.
    var childElements: [xmlNodePtr] {
        var elements: [xmlNodePtr] = []
        var child = pointee.children
        while let current = child {
            if current.pointee.type == XML_ELEMENT_NODE { elements.append(current) }
            child = current.pointee.next
        }
        return elements
    }
}
