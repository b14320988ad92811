internal import CXMLSec

/// A parsed libxml2 document, freed exactly once when the value goes away.
///
/// Non-copyable so that no second owner can free the tree or outlive it. All node pointers taken from
/// it are valid only while it lives, which is why callers keep them inside one function. It carries
/// the loaded library's functions, so whoever holds a document can call libxml2 and xmlsec.
struct LibXMLDocument: ~Copyable {
    let document: xmlDocPtr
    let library: XMLSecurityFunctions

    /// Parses `xml` without network access, entity substitution or messages on stderr, and refuses a DTD.
    init(parsing xml: String) throws(XMLSignatureError) {
        let library = try XMLSecurityLibrary.functions()
        let bytes = Array(xml.utf8)
        guard bytes.count < Int(Int32.max) else { throw .malformedXML }
        let options = Int32(bitPattern: XML_PARSE_NONET.rawValue | XML_PARSE_NOERROR.rawValue | XML_PARSE_NOWARNING.rawValue)
        let parsed = bytes.withUnsafeBufferPointer { buffer in
            buffer.baseAddress.map { base in
                base.withMemoryRebound(to: CChar.self, capacity: buffer.count) {
                    library.xmlReadMemory($0, Int32(buffer.count), nil, "UTF-8", options)
                }
            } ?? nil
        }
        guard let parsed else { throw .malformedXML }
        guard parsed.pointee.intSubset == nil, parsed.pointee.extSubset == nil else {
            library.xmlFreeDoc(parsed)
            throw .documentTypeDeclaration
        }
        document = parsed
        self.library = library
    }

    deinit {
        library.xmlFreeDoc(document)
    }

    /// The root element.
    var root: xmlNodePtr? { library.xmlDocGetRootElement(document) }

    /// Registers every `ID` attribute with libxml2, so `#id` references resolve, and returns the
    /// elements by ID. Refuses a document in which any ID appears twice (counting `xml:id`, which
    /// libxml2 registers on its own), since a duplicate lets a reference point at a decoy.
    func registerIDs() throws(XMLSignatureError) -> [String: xmlNodePtr] {
        var elements: [String: xmlNodePtr] = [:]
        var pending: [xmlNodePtr] = root.map { [$0] } ?? []
        while let node = pending.popLast() {
            if let attribute = library.xmlHasNsProp(node, "ID", nil) {
                let id = value(of: attribute)
                guard elements[id] == nil, library.xmlAddID(nil, document, id, attribute) != nil else { throw .duplicateID(id) }
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
        library.xmlDocDumpMemoryEnc(document, &buffer, &size, "UTF-8")
        guard let buffer, size > 0 else { throw .libraryFailure("xmlDocDumpMemoryEnc") }
        defer { library.xmlFree(buffer) }
        return String(decoding: UnsafeBufferPointer(start: buffer, count: Int(size)), as: UTF8.self)
    }

    /// The value of `node`'s attribute `name` that has no namespace, if present.
    func attribute(_ name: String, of node: xmlNodePtr) -> String? {
        guard let attribute = library.xmlHasNsProp(node, name, nil) else { return nil }
        return value(of: attribute)
    }

    /// The text of `node` and everything inside it, as libxml2's `xmlNodeGetContent` joins it.
    func text(of node: xmlNodePtr) -> String {
        guard let text = library.xmlNodeGetContent(node) else { return "" }
        defer { library.xmlFree(text) }
        return String(cString: text)
    }

    private func value(of attribute: xmlAttrPtr) -> String {
        guard let text = library.xmlNodeGetContent(UnsafeMutableRawPointer(attribute).assumingMemoryBound(to: xmlNode.self))
        else { return "" }
        defer { library.xmlFree(text) }
        return String(cString: text)
    }
}
