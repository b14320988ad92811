import SAML
import Testing

/// Signature wrapping (Somorovsky et al., "On Breaking SAML", 2012, and its descendants): a validly signed
/// element kept somewhere in the document while a forged one is read. Each variant here starts from a
/// response the identity provider really signed.
struct SAMLResponseWrappingTests {
    typealias Fixture = SAMLResponseFixture

    /// The signed Assertion's text in `xml`.
    static func assertionText(in xml: String) throws -> String {
        let start = try #require(xml.range(of: "<saml:Assertion "))
        let end = try #require(xml.range(of: "</saml:Assertion>", options: .backwards))
        return String(xml[start.lowerBound..<end.upperBound])
    }

    /// A forged copy of `assertion`, its signature dropped and its subject changed to the attacker's choice.
    static func forgery(of assertion: String) -> String {
        XMLSignatureTests.withoutSignature(assertion).replacingOccurrences(of: "alice@example.com", with: "admin@example.com")
    }

    @Test func theSignedAssertionMovedIntoExtensionsWithAForgeryInItsPlaceIsRefused() throws {
        let signed = try Fixture().signed(.assertion)
        let original = try Self.assertionText(in: signed)
        // The forgery keeps the original's ID, so the Reference would find one of the two.
        let wrapped = signed.replacingOccurrences(
            of: original, with: "<samlp:Extensions>\(original)</samlp:Extensions>" + Self.forgery(of: original))
        expectRefusal(wrapped, "wrapped")
        // With an ID of its own, it is one assertion too many.
        let renamed = Self.forgery(of: original).replacingOccurrences(of: "_assertion-1", with: "_assertion-2")
        expectRefusal(
            signed.replacingOccurrences(of: original, with: "<samlp:Extensions>\(original)</samlp:Extensions>" + renamed),
            "several-assertions")
    }

    @Test func theSignedAssertionHiddenInTheForgerysSignatureObjectIsRefused() throws {
        let signed = try Fixture().signed(.assertion)
        let original = try Self.assertionText(in: signed)
        let signature = try XMLSignatureTests.signatureText(in: original)
        let forged = Self.forgery(of: original).replacingOccurrences(
            of: "</saml:Issuer>",
            with: "</saml:Issuer>"
                + signature.replacingOccurrences(of: "</ds:Signature>", with: "<ds:Object>\(original)</ds:Object></ds:Signature>"))
        expectRefusal(signed.replacingOccurrences(of: original, with: forged), "wrapped")
    }

    @Test func aSecondAssertionBesideTheSignedOneIsRefused() throws {
        let signed = try Fixture().signed(.assertion)
        let original = try Self.assertionText(in: signed)
        let second = Self.forgery(of: original).replacingOccurrences(of: "_assertion-1", with: "_assertion-2")
        expectRefusal(signed.replacingOccurrences(of: original, with: second + original), "several-assertions")
        expectRefusal(signed.replacingOccurrences(of: original, with: original + second), "several-assertions")
        // Nor may the signed Response carry one the identity provider put there itself.
        var fixture = Fixture()
        fixture.beforeAssertion = second
        expectRefusal(try fixture.signed(.both), "several-assertions")
    }

    @Test func aSignatureReferencingAnotherElementIsRefused() throws {
        let signed = try Fixture().signed(.assertion)
        let signature = try XMLSignatureTests.signatureText(in: Self.assertionText(in: signed))
        // The Assertion's signature moved onto the Response, where it covers the Assertion, not the Response.
        let moved = signed.replacingOccurrences(of: signature, with: "")
            .replacingOccurrences(of: "<samlp:Status>", with: signature + "<samlp:Status>")
        expectRefusal(moved, "wrapped")
    }

    @Test func duplicateIDsAreRefused() throws {
        // A decoy carrying the signed Response's ID, for a reference to land on.
        let signed = try Fixture().signed(.both)
        expectRefusal(
            signed.replacingOccurrences(
                of: "<samlp:Status>", with: #"<samlp:Extensions><x ID="_response-1"/></samlp:Extensions><samlp:Status>"#), "wrapped")
        var fixture = Fixture()
        fixture.assertionID = fixture.responseID
        expectRefusal(fixture.xml, "wrapped")
        // An xml:id counts as an ID too.
        let withXMLID = try Fixture().signed(.assertion).replacingOccurrences(
            of: "<samlp:Status>", with: #"<samlp:Status xml:id="_assertion-1">"#)
        expectRefusal(withXMLID, "wrapped")
    }

    @Test func aSignedResponseWhoseAssertionIsNotItsChildIsRefused() throws {
        let fixture = Fixture()
        let nested = fixture.xml.replacingOccurrences(
            of: fixture.assertion, with: "<samlp:Extensions>\(fixture.assertion)</samlp:Extensions>")
        let signed = try XMLSigner(credentials: TestCredentials.identityProvider).sign(nested, elementIDs: [fixture.responseID])
        expectRefusal(signed, "wrapped")
    }

    @Test func aSignedResponseWrappedInAForgedOneIsRefused() throws {
        let signed = try Fixture().signed(.response)
        let body = String(signed.drop(while: { $0 != ">" }).dropFirst())  // without the XML declaration
        var forged = Fixture()
        forged.responseID = "_forged"
        forged.nameID = "admin@example.com"
        forged.assertionID = "_assertion-forged"
        forged.beforeAssertion = "<samlp:Extensions>\(body)</samlp:Extensions>"
        expectRefusal(forged.xml, "several-assertions")
    }

    @Test func anUnsignedResponseAroundASignedAssertionIsReadOnlyForTheAssertion() throws {
        // Everything outside the signed Assertion may change without changing the claims...
        let signed = try Fixture().signed(.assertion)
        let padded = signed.replacingOccurrences(
            of: "<samlp:Status>", with: "\n  <samlp:Extensions><x:y xmlns:x=\"urn:x\">anything</x:y></samlp:Extensions>\n<samlp:Status>")
        #expect(try Fixture.validate(padded) == Fixture.expectedClaims)
        // ...but not one thing inside it.
        expectRefusal(signed.replacingOccurrences(of: "_session-1", with: "_session-2"), "bad-signature")
    }
}
