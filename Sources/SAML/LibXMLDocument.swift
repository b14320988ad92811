import CXMLSec

/// A parsed libxml2 document, freed exactly once when the value goes away.
///
/// Non-copyable so that no second owner can free the tree or outlive it. All node pointers taken from
/// it are valid only while it lives, which is why callers keep them inside one function.
struct LibXMLDocument: ~Copyable {
    let document: xmlDocPtr

    /// Parses `xml` without network access, entity substitution or messages on stderr, and refuses a DTD.
    init(parsing xml: String) throws(XMLSignatureError) {
        try XMLSecurityLibrary.ensureInitialized()
        let bytes = Array(xml.utf8)
        guard bytes.count < Int(Int32.max) else { throw .malformedXML }
        let options = Int32(bitPattern: XML_PARSE_NONET.rawValue | XML_PARSE_NOERROR.rawValue | XML_PARSE_NOWARNING.rawValue)
        let parsed = bytes.withUnsafeBufferPointer { buffer in
            buffer.baseAddress.map { base in
                base.withMemoryRebound(to: CChar.self, capacity: buffer.count) {
                    xmlReadMemory($0, Int32(buffer.count), nil, "UTF-8", options)
                }
            } ?? nil
        }
        guard let parsed else { throw .malformedXML }
        guard parsed.pointee.intSubset == nil, parsed.pointee.extSubset == nil else {
            xmlFreeDoc(parsed)
            throw .documentTypeDeclaration
        }
        document = parsed
    }

    deinit {
        xmlFreeDoc(document)
    }

    /// The root element.
    var root: xmlNodePtr? { xmlDocGetRootElement(document) }

    /// Registers every `ID` attribute with libxml2, so `#id` references resolve, and returns the
    /// elements by ID. Refuses a document in which any ID appears twice (counting `xml:id`, which
    /// libxml2 registers on its own), since a duplicate lets a reference point at a decoy.
    func registerIDs() throws(XMLSignatureError) -> [String: xmlNodePtr] {
        var elements: [String: xmlNodePtr] = [:]
        var pending: [xmlNodePtr] = root.map { [$0] } ?? []
        while let node = pending.popLast() {
            if let attribute = xmlHasNsProp(node, "ID", nil) {
                let id = Self.value(of: attribute)
                guard elements[id] == nil, xmlAddID(nil, document, id, attribute) != nil else { throw .duplicateID(id) }
                elements[id] = node
            }
            var child = node.pointee.children
            while let current = child {
                if current.pointee.type == XML_ELEMENT_NODE { pending.append(current) }
                child = current.pointee.next
            }
        }
        return elements
    }

    /// The document as UTF-8 text with an XML declaration.
    func serialized() throws(XMLSignatureError) -> String {
        var buffer: UnsafeMutablePointer<xmlChar>?
        var size: Int32 = 0
        xmlDocDumpMemoryEnc(document, &buffer, &size, "UTF-8")
        guard let buffer, size > 0 else { throw .libraryFailure("xmlDocDumpMemoryEnc") }
        defer { portico_xml_free(buffer) }
        return String(decoding: UnsafeBufferPointer(start: buffer, count: Int(size)), as: UTF8.self)
    }

    static func value(of attribute: xmlAttrPtr) -> String {
        guard let text = xmlNodeGetContent(UnsafeMutableRawPointer(attribute).assumingMemoryBound(to: xmlNode.self))
        else { return "" }
        defer { portico_xml_free(text) }
        return String(cString: text)
    }
}
