import SAML
import Testing

/// Copying a small document out of libxml2 into values, for targets that read a fixed-shape answer.
struct PlainXMLElementTests {
    @Test func copiesNamesNamespacesChildrenAndText() throws {
        let root = try PlainXMLElement.parse(
            """
            <?xml version="1.0" encoding="UTF-8"?>
            <r:Root xmlns:r="urn:root" xmlns="urn:default"><Item>one</Item><Plain xmlns="">two<![CDATA[ & more]]></Plain><Empty/></r:Root>
            """)
        #expect(root.name == "Root")
        #expect(root.namespace == "urn:root")
        #expect(root.text == nil)
        #expect(
            root.children == [
                PlainXMLElement(name: "Item", namespace: "urn:default", text: "one"),
                PlainXMLElement(name: "Plain", namespace: nil, text: "two & more"),
                PlainXMLElement(name: "Empty", namespace: "urn:default", text: ""),
            ])
        #expect(root.child("Plain", in: nil)?.text == "two & more")
        #expect(root.child("Item", in: nil) == nil)
    }

    @Test func joinsTextAcrossCommentsAsSignaturesRead() throws {
        #expect(try PlainXMLElement.parse("<a>alice@example.com<!---->.evil.com</a>").text == "alice@example.com.evil.com")
    }

    @Test func refusesMalformedXMLAndADocumentType() {
        #expect(throws: XMLSignatureError.malformedXML) { try PlainXMLElement.parse("<a><b></a>") }
        #expect(throws: XMLSignatureError.malformedXML) { try PlainXMLElement.parse("") }
        #expect(throws: XMLSignatureError.documentTypeDeclaration) {
            try PlainXMLElement.parse("<!DOCTYPE a [<!ENTITY x \"y\">]><a>&x;</a>")
        }
    }
}
