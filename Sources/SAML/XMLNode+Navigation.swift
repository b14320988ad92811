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

    /// The element's value as SAML reads it: every text and CDATA child joined, comments and processing
    /// instructions skipped; nil if it holds an element (or anything else), which is no plain value.
    ///
    /// Exclusive canonicalisation drops comments, so a signature stays valid when a comment is slipped
    /// into a value. Reading only the first text node would turn `alice@example.com<!---->.evil.com` into
    /// `alice@example.com`; joining them all reads what was signed (the attack of CVE-2017-11427 and kin).
    var canonicalText: String? {
        var text = ""
        var child = pointee.children
        while let current = child {
            switch current.pointee.type {
            case XML_TEXT_NODE, XML_CDATA_SECTION_NODE:
                if let content = current.pointee.content { text += String(cString: content) }
            case XML_COMMENT_NODE, XML_PI_NODE:
                break
            default:
                return nil
            }
            child = current.pointee.next
        }
        return text
    }
}
