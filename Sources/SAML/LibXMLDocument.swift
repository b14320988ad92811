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
        try self.init(parsing: Array(xml.utf8))
    }

    /// Parses UTF-8 `bytes` (whatever encoding they declare) as `init(parsing:)` does text.
    ///
    /// A DOCTYPE is refused before libxml2 sees it, so a billion-laughs or external-entity payload is not
    /// even declared, let alone expanded; the check after parsing stays for any form the scan might miss.
    init(parsing bytes: [UInt8]) throws(XMLSignatureError) {
        guard !Self.containsDocumentType(bytes) else { throw .documentTypeDeclaration }
        let library = try XMLSecurityLibrary.functions()
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

    /// Whether `<!DOCTYPE` occurs anywhere, even where it would be harmless (a comment, CDATA): no SAML
    /// message carries those words.
    private static func containsDocumentType(_ bytes: [UInt8]) -> Bool {
        let marker = Array("<!DOCTYPE".utf8)
        guard bytes.count >= marker.count else { return false }
        var index = 0
        while index <= bytes.count - marker.count {
            if bytes[index] == marker[0], bytes[index..<index + marker.count].elementsEqual(marker) { return true }
            index += 1
        }
        return false
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
        if let root { try registerIDs(under: root, into: &elements) }
        return elements
    }

    /// Registers the IDs of `node` and everything under it into `elements`, refusing any already there: for a
    /// subtree added after `registerIDs()` ran, such as a decrypted assertion.
    func registerIDs(under node: xmlNodePtr, into elements: inout [String: xmlNodePtr]) throws(XMLSignatureError) {
        var pending: [xmlNodePtr] = [node]
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
    }

    /// The element whose registered ID is `id`: the one a `#id` reference resolves to.
    func element(withID id: String) -> xmlNodePtr? {
        guard let attribute = library.xmlGetID(document, id), attribute.pointee.type == XML_ATTRIBUTE_NODE else { return nil }
        return attribute.pointee.parent
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
