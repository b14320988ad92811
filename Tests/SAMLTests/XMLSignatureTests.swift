import Crypto
import Foundation
import SAML
import Testing

struct XMLSignatureTests {
    static let launch = SAMLAssertionBuilderTests.launch
    static let builder = SAMLAssertionBuilder(entityID: "https://portico.example.com/saml", now: { 1_767_268_800 })
    static let signer = XMLSigner(credentials: TestCredentials.portico)
    static let verifier = XMLSignatureVerifier(certificate: TestCredentials.portico.certificate)

    static func signedResponse() throws -> (xml: String, unsigned: UnsignedSAMLResponse) {
        let unsigned = builder.response(for: launch)
        return (try signer.sign(unsigned), unsigned)
    }

    @Test func signedResponseVerifiesForTheResponseAndTheAssertion() throws {
        let (xml, unsigned) = try Self.signedResponse()
        try Self.verifier.verify(xml, signedElementID: unsigned.responseID)
        try Self.verifier.verify(xml, signedElementID: unsigned.assertionID)
    }

    @Test func eachSignatureFollowsItsIssuerAndUsesTheRequiredAlgorithms() throws {
        let (xml, unsigned) = try Self.signedResponse()
        let response = try #require(ParsedXML.parse(xml))
        let assertion = try #require(response.first("Assertion", in: ParsedXML.saml))
        for element in [response, assertion] {
            #expect(element.children.map(\.name).prefix(2) == ["Issuer", "Signature"])
            let signature = element.children[1]
            #expect(
                signature.first("CanonicalizationMethod", in: ParsedXML.ds)?.attributes["Algorithm"]
                    == "http://www.w3.org/2001/10/xml-exc-c14n#")
            #expect(
                signature.first("SignatureMethod", in: ParsedXML.ds)?.attributes["Algorithm"]
                    == "http://www.w3.org/2001/04/xmldsig-more#rsa-sha256")
            #expect(
                signature.first("DigestMethod", in: ParsedXML.ds)?.attributes["Algorithm"]
                    == "http://www.w3.org/2001/04/xmlenc#sha256")
            #expect(
                signature.all("Transform", in: ParsedXML.ds).map { $0.attributes["Algorithm"] ?? "" } == [
                    "http://www.w3.org/2000/09/xmldsig#enveloped-signature", "http://www.w3.org/2001/10/xml-exc-c14n#",
                ])
            #expect(signature.first("Reference", in: ParsedXML.ds)?.attributes["URI"] == "#" + element.attributes["ID"]!)
            let certificate = signature.first("X509Certificate", in: ParsedXML.ds)?.text.filter { !$0.isWhitespace }
            #expect(certificate == TestCredentials.portico.certificate.base64DER)
        }
        #expect(response.attributes["ID"] == unsigned.responseID)
        #expect(response.all("Signature", in: ParsedXML.ds).count == 2)
    }

    @Test(arguments: [
        ("arn:aws:iam::111122223333:role/AdministratorAccess", "arn:aws:iam::999999999999:role/AdministratorAccess"),
        (">ada@example.com<", ">mallory@example.com<"),
        (">3600<", ">43200<"),
        ("NotOnOrAfter=\"2026-01-01T12:05:00Z\"", "NotOnOrAfter=\"2027-01-01T12:05:00Z\""),
        ("Recipient=\"https://signin.aws.amazon.com/saml\"", "Recipient=\"https://evil.example/saml\""),
        (">urn:amazon:webservices<", ">urn:amazon:webservice<"),
        (">Engineering<", ">Finance<"),
        (">u-1234<", ">u-1235<"),
    ])
    func tamperingWithAnySignedValueFailsBothSignatures(original: String, replacement: String) throws {
        let (xml, unsigned) = try Self.signedResponse()
        #expect(xml.contains(original))
        let tampered = xml.replacingOccurrences(of: original, with: replacement)
        #expect(throws: XMLSignatureError.invalidSignature) {
            try Self.verifier.verify(tampered, signedElementID: unsigned.assertionID)
        }
        #expect(throws: XMLSignatureError.invalidSignature) {
            try Self.verifier.verify(tampered, signedElementID: unsigned.responseID)
        }
    }

    @Test func tamperingWithTheResponseOutsideTheAssertionFailsOnlyTheResponseSignature() throws {
        let (xml, unsigned) = try Self.signedResponse()
        let tampered = xml.replacingOccurrences(of: "status:Success", with: "status:Requester")
        try Self.verifier.verify(tampered, signedElementID: unsigned.assertionID)
        #expect(throws: XMLSignatureError.invalidSignature) {
            try Self.verifier.verify(tampered, signedElementID: unsigned.responseID)
        }
    }

    @Test func signatureWrappingWithADuplicateIDIsRefused() throws {
        let (xml, unsigned) = try Self.signedResponse()
        let signedAssertion = try Self.assertionText(in: xml)
        let forged = Self.withoutSignature(signedAssertion)
            .replacingOccurrences(of: "role/AdministratorAccess", with: "role/OrganizationAccountAccessRole")
        // The original, still validly signed, hides in Extensions; the forgery takes its place.
        let wrapped = xml.replacingOccurrences(of: signedAssertion, with: forged)
            .replacingOccurrences(of: "<samlp:Status>", with: "<samlp:Extensions>\(signedAssertion)</samlp:Extensions><samlp:Status>")
        #expect(throws: XMLSignatureError.duplicateID(unsigned.assertionID)) {
            try Self.verifier.verify(wrapped, signedElementID: unsigned.assertionID)
        }
    }

    @Test func signatureWrappingWithARenamedOriginalIsRefused() throws {
        let (xml, unsigned) = try Self.signedResponse()
        let signedAssertion = try Self.assertionText(in: xml)
        let forged = signedAssertion.replacingOccurrences(of: "role/AdministratorAccess", with: "role/OrganizationAccountAccessRole")
        let original = signedAssertion.replacingOccurrences(of: "ID=\"\(unsigned.assertionID)\"", with: "ID=\"_moved\"")
        let wrapped = xml.replacingOccurrences(of: signedAssertion, with: forged)
            .replacingOccurrences(of: "<samlp:Status>", with: "<samlp:Extensions>\(original)</samlp:Extensions><samlp:Status>")
        #expect(throws: XMLSignatureError.invalidSignature) {
            try Self.verifier.verify(wrapped, signedElementID: unsigned.assertionID)
        }
    }

    @Test func aSignatureReferencingAnotherElementIsRefused() throws {
        let unsigned = Self.builder.response(for: Self.launch)
        let assertionOnly = try Self.signer.sign(unsigned.xml, elementIDs: [unsigned.assertionID])
        let signature = try Self.signatureText(in: Self.assertionText(in: assertionOnly))
        // The Assertion's signature, moved up to sit on the Response, does not cover the Response.
        let moved = assertionOnly.replacingOccurrences(of: signature, with: "")
            .replacingOccurrences(of: "<samlp:Status>", with: signature + "<samlp:Status>")
        #expect(throws: XMLSignatureError.referenceMismatch(expected: "#" + unsigned.responseID, found: "#" + unsigned.assertionID)) {
            try Self.verifier.verify(moved, signedElementID: unsigned.responseID)
        }
    }

    @Test func aDocumentSignedByAnotherKeyIsRefused() throws {
        let unsigned = Self.builder.response(for: Self.launch)
        let xml = try XMLSigner(credentials: TestCredentials.stranger).sign(unsigned)
        #expect(throws: XMLSignatureError.invalidSignature) {
            try Self.verifier.verify(xml, signedElementID: unsigned.assertionID)
        }
        try XMLSignatureVerifier(certificate: TestCredentials.stranger.certificate).verify(xml, signedElementID: unsigned.assertionID)
    }

    @Test(arguments: [
        ("http://www.w3.org/2001/04/xmldsig-more#rsa-sha256", "http://www.w3.org/2000/09/xmldsig#rsa-sha1"),
        ("http://www.w3.org/2001/04/xmlenc#sha256", "http://www.w3.org/2000/09/xmldsig#sha1"),
        ("http://www.w3.org/2001/10/xml-exc-c14n#", "http://www.w3.org/TR/2001/REC-xml-c14n-20010315"),
    ])
    func otherAlgorithmsAreRefused(required: String, other: String) throws {
        let (xml, unsigned) = try Self.signedResponse()
        #expect(throws: XMLSignatureError.unsupportedAlgorithm(other)) {
            try Self.verifier.verify(xml.replacingOccurrences(of: required, with: other), signedElementID: unsigned.assertionID)
        }
    }

    @Test func unsignedMissingAndMalformedDocumentsAreRefused() throws {
        let unsigned = Self.builder.response(for: Self.launch)
        #expect(throws: XMLSignatureError.missingSignature) {
            try Self.verifier.verify(unsigned.xml, signedElementID: unsigned.assertionID)
        }
        #expect(throws: XMLSignatureError.elementNotFound(id: "_nothing")) {
            try Self.verifier.verify(unsigned.xml, signedElementID: "_nothing")
        }
        #expect(throws: XMLSignatureError.malformedXML) {
            try Self.verifier.verify("<a><b></a>", signedElementID: "_x")
        }
        #expect(throws: XMLSignatureError.elementNotFound(id: "_nothing")) {
            try Self.signer.sign(unsigned.xml, elementIDs: ["_nothing"])
        }
    }

    @Test func documentsWithADoctypeAreRefused() throws {
        let (xml, unsigned) = try Self.signedResponse()
        let withDoctype = xml.replacingOccurrences(
            of: "?>\n", with: "?>\n<!DOCTYPE samlp:Response [<!ENTITY x \"y\">]>\n")
        #expect(withDoctype != xml)
        #expect(throws: XMLSignatureError.documentTypeDeclaration) {
            try Self.verifier.verify(withDoctype, signedElementID: unsigned.assertionID)
        }
    }

    @Test func signsAndVerifiesOnManyThreadsAtOnce() async throws {
        try await withThrowingTaskGroup(of: Void.self) { group in
            for _ in 0..<16 {
                group.addTask {
                    let unsigned = Self.builder.response(for: Self.launch)
                    let xml = try Self.signer.sign(unsigned)
                    try Self.verifier.verify(xml, signedElementID: unsigned.responseID)
                    try Self.verifier.verify(xml, signedElementID: unsigned.assertionID)
                }
            }
            try await group.waitForAll()
        }
    }

    static func assertionText(in xml: String) throws -> String {
        let start = try #require(xml.range(of: "<saml:Assertion "))
        let end = try #require(xml.range(of: "</saml:Assertion>"))
        return String(xml[start.lowerBound..<end.upperBound])
    }

    static func signatureText(in xml: String) throws -> String {
        let start = try #require(xml.range(of: "<ds:Signature"))
        let end = try #require(xml.range(of: "</ds:Signature>"))
        return String(xml[start.lowerBound..<end.upperBound])
    }

    static func withoutSignature(_ xml: String) -> String {
        guard let signature = try? signatureText(in: xml) else { return xml }
        return xml.replacingOccurrences(of: signature, with: "")
    }
}
