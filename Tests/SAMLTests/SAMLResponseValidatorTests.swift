import SAML
import Testing

/// The response checks one at a time: each fixture is validly signed and wrong in exactly one way.
struct SAMLResponseValidatorTests {
    typealias Fixture = SAMLResponseFixture

    @Test func aResponseWithBothSignaturesYieldsTheAssertionsClaims() throws {
        #expect(try Fixture.validate(Fixture().signed(.both)) == Fixture.expectedClaims)
    }

    @Test func aSignedResponseAloneCoversItsAssertion() throws {
        #expect(try Fixture.validate(Fixture().signed(.response)) == Fixture.expectedClaims)
    }

    @Test func aSignedAssertionAloneIsEnough() throws {
        #expect(try Fixture.validate(Fixture().signed(.assertion)) == Fixture.expectedClaims)
    }

    @Test func aSignatureByAnyOfTheCertificatesIsAccepted() throws {
        let rotating = SAMLResponseValidator(
            serviceProviderEntityID: Fixture.serviceProvider, assertionConsumerServiceURL: Fixture.consumerService,
            identityProviderEntityID: Fixture.identityProvider,
            certificates: [TestCredentials.stranger.certificate, TestCredentials.identityProvider.certificate])
        #expect(try Fixture.validate(Fixture().signed(.both), with: rotating) == Fixture.expectedClaims)
    }

    @Test func theResponseAndTheAssertionMayCarryTheirBase64OnManyLines() throws {
        let encoded = SAMLPostBinding.encode(try Fixture().signed(.assertion))
        var wrapped = ""
        for (index, character) in encoded.enumerated() {
            if index > 0, index % 76 == 0 { wrapped += "\r\n" }
            wrapped.append(character)
        }
        #expect(try Fixture.validator.validate(encodedResponse: wrapped, now: Fixture.now) == Fixture.expectedClaims)
        let unpadded = String(encoded.reversed().drop(while: { $0 == "=" }).reversed())
        #expect(try Fixture.validator.validate(encodedResponse: unpadded, now: Fixture.now) == Fixture.expectedClaims)
    }

    @Test func theExpiryIsTheEarlierOfTheConditionsAndTheConfirmation() throws {
        var fixture = Fixture()
        fixture.notOnOrAfter = Fixture.now + 120
        #expect(try Fixture.validate(fixture.signed(.assertion)).expiresAt == Fixture.now + 120)
        fixture.notOnOrAfter = Fixture.now + 3600
        #expect(try Fixture.validate(fixture.signed(.assertion)).expiresAt == Fixture.now + 300)
    }

    @Test func aSignInStartedAtTheIdentityProviderAnswersNoRequest() throws {
        var fixture = Fixture()
        fixture.inResponseTo = nil
        fixture.responseInResponseTo = nil
        #expect(try Fixture.validate(fixture.signed(.assertion)).inResponseTo == nil)
    }

    @Test func theResponsesInResponseToCountsOnlyWhereItsSignatureCoversIt() throws {
        var fixture = Fixture()
        fixture.inResponseTo = nil
        #expect(try Fixture.validate(fixture.signed(.response)).inResponseTo == "_request-1")
        #expect(try Fixture.validate(fixture.signed(.assertion)).inResponseTo == nil)
    }

    @Test func theResponseAndTheAssertionMustAnswerTheSameRequest() throws {
        var fixture = Fixture()
        fixture.responseInResponseTo = "_request-2"
        expectRefusal(try fixture.signed(.both), "in-response-to-mismatch")
    }

    @Test func validatesOnManyThreadsAtOnce() async throws {
        let signed = try Fixture().signed(.both)
        let encrypted = try XMLSec1.encryptAssertion(in: Fixture().signed(.assertion), to: TestCredentials.portico.certificatePEM)
        let forged = signed.replacingOccurrences(of: ">Admins<", with: ">Administrators<")
        try await withThrowingTaskGroup(of: Void.self) { group in
            for index in 0..<24 {
                group.addTask {
                    switch index % 3 {
                    case 0: #expect(Fixture.refusal(signed) == nil)
                    case 1: #expect(Fixture.refusal(encrypted) == nil)
                    default: #expect(Fixture.refusal(forged)?.reason == "bad-signature")
                    }
                }
            }
            try await group.waitForAll()
        }
    }

    @Test func anUnsignedResponseIsRefused() throws {
        expectRefusal(Fixture().xml, "unsigned")
    }

    @Test func aResponseSignedByAnotherKeyIsRefused() throws {
        for part in [Fixture.Signed.response, .assertion, .both] {
            expectRefusal(try Fixture().signed(part, by: TestCredentials.stranger), "bad-signature")
        }
    }

    @Test func aValidSignatureOverChangedContentIsRefused() throws {
        let signed = try Fixture().signed(.assertion)
        expectRefusal(signed.replacingOccurrences(of: ">Admins<", with: ">Administrators<"), "bad-signature")
        let both = try Fixture().signed(.both)
        // The Response's signature fails even though the Assertion's would hold.
        expectRefusal(
            both.replacingOccurrences(
                of: "IssueInstant=\"2026-01-01T12:00:00Z\" Destination", with: "IssueInstant=\"2026-01-01T12:00:01Z\" Destination"),
            "bad-signature")
    }

    @Test func anExpiredAssertionIsRefused() throws {
        var fixture = Fixture()
        fixture.notOnOrAfter = Fixture.now - 200
        expectRefusal(try fixture.signed(.assertion), "expired")
        fixture = Fixture()
        fixture.confirmationEnd = Fixture.now - 200
        expectRefusal(try fixture.signed(.assertion), "expired")
    }

    @Test func theClockSkewIsToleratedAndNoMore() throws {
        let signed = try Fixture().signed(.assertion)
        // NotOnOrAfter of the confirmation is now + 300, NotBefore of the conditions now - 60; the skew is 180.
        #expect(Fixture.refusal(signed, at: Fixture.now + 479) == nil)
        expectRefusal(signed, "expired", at: Fixture.now + 480)
        #expect(Fixture.refusal(signed, at: Fixture.now - 240) == nil)
        expectRefusal(signed, "not-yet-valid", at: Fixture.now - 241)
    }

    @Test func anAssertionNotYetValidIsRefused() throws {
        var fixture = Fixture()
        fixture.notBefore = Fixture.now + 600
        expectRefusal(try fixture.signed(.assertion), "not-yet-valid")
    }

    @Test func anAssertionForAnotherServiceProviderIsRefused() throws {
        var fixture = Fixture()
        fixture.audience = "https://portico.example.com/saml/sp/okta"
        expectRefusal(try fixture.signed(.assertion), "wrong-audience")
    }

    @Test func aConfirmationForAnotherConsumerServiceIsRefused() throws {
        var fixture = Fixture()
        fixture.recipient = "https://evil.example.com/acs"
        expectRefusal(try fixture.signed(.assertion), "wrong-recipient")
        fixture = Fixture()
        fixture.confirmationMethod = "urn:oasis:names:tc:SAML:2.0:cm:holder-of-key"
        expectRefusal(try fixture.signed(.assertion), "no-bearer-confirmation")
    }

    @Test func aResponseSentElsewhereIsRefused() throws {
        var fixture = Fixture()
        fixture.destination = "https://portico.example.com/saml/sp/okta/acs"
        expectRefusal(try fixture.signed(.both), "wrong-destination")
        fixture.destination = nil
        #expect(try Fixture.validate(fixture.signed(.both)) == Fixture.expectedClaims)
    }

    @Test func aResponseFromAnotherIssuerIsRefused() throws {
        var fixture = Fixture()
        fixture.issuer = "https://other-idp.example.com"
        expectRefusal(try fixture.signed(.assertion), "wrong-issuer")
        fixture = Fixture()
        fixture.responseIssuer = "https://other-idp.example.com"
        expectRefusal(try fixture.signed(.both), "wrong-issuer")
        fixture.responseIssuer = nil
        #expect(try Fixture.validate(fixture.signed(.both)) == Fixture.expectedClaims)
    }

    @Test func aFailedStatusIsRefusedWithItsCode() throws {
        var fixture = Fixture()
        fixture.statusCode = "urn:oasis:names:tc:SAML:2.0:status:Responder"
        let failure = Fixture.refusal(try fixture.signed(.both))
        #expect(failure?.reason == "status")
        #expect(failure?.detail.contains("urn:oasis:names:tc:SAML:2.0:status:Responder") == true)
    }

    @Test func anIdentityProvidersErrorAnswerIsReadForItsStatus() throws {
        let xml =
            #"<samlp:Response xmlns:samlp="urn:oasis:names:tc:SAML:2.0:protocol" ID="_e" Version="2.0" IssueInstant="2026-01-01T12:00:00Z">"#
            + #"<samlp:Status><samlp:StatusCode Value="urn:oasis:names:tc:SAML:2.0:status:Responder">"#
            + #"<samlp:StatusCode Value="urn:oasis:names:tc:SAML:2.0:status:NoPassive"/></samlp:StatusCode>"#
            + "<samlp:StatusMessage>The user is not signed in</samlp:StatusMessage></samlp:Status></samlp:Response>"
        let failure = Fixture.refusal(xml)
        #expect(failure?.reason == "status")
        #expect(
            failure?.detail
                == #""urn:oasis:names:tc:SAML:2.0:status:Responder / urn:oasis:names:tc:SAML:2.0:status:NoPassive: The user is not signed in""#
        )
    }

    /// Exclusive c14n leaves comments out of the digest, so one can be slipped into a signed value after
    /// signing; the value read is still all of its text (the attack of CVE-2017-11427).
    @Test func aNameIDSplitByACommentReadsAsItsWholeText() throws {
        var fixture = Fixture()
        fixture.nameID = "alice@example.com.evil.com"
        let signed = try fixture.signed(.assertion)
        let split = signed.replacingOccurrences(of: "alice@example.com.evil.com", with: "alice@example.com<!---->.evil.com")
        #expect(split != signed)
        #expect(try Fixture.validate(split).nameID == "alice@example.com.evil.com")

        fixture.nameID = "alice@example.com<!-- signed with the comment -->.evil.com"
        #expect(try Fixture.validate(fixture.signed(.assertion)).nameID == "alice@example.com.evil.com")
    }

    @Test func valuesReadAsTextWithCDATAAndReferences() throws {
        var fixture = Fixture()
        fixture.nameID = "<![CDATA[a&b]]>&lt;c&#x3E;"
        fixture.attributes =
            #"<saml:Attribute Name="name"><saml:AttributeValue> Ada <!-- x -->Lovelace </saml:AttributeValue></saml:Attribute>"#
        let claims = try Fixture.validate(fixture.signed(.assertion))
        #expect(claims.nameID == "a&b<c>")
        #expect(claims.attributes == ["name": [" Ada Lovelace "]])
    }

    @Test func aValueHoldingAnElementIsRefused() throws {
        var fixture = Fixture()
        fixture.nameID = "alice@example.com<saml:Extra>x</saml:Extra>"
        expectRefusal(try fixture.signed(.assertion), "malformed")
        fixture = Fixture()
        fixture.attributes = #"<saml:Attribute Name="a"><saml:AttributeValue><b xmlns="urn:x">c</b></saml:AttributeValue></saml:Attribute>"#
        expectRefusal(try fixture.signed(.assertion), "malformed")
    }

    @Test func anOversizedResponseIsRefusedBeforeParsing() throws {
        let small = SAMLResponseValidator(
            serviceProviderEntityID: Fixture.serviceProvider, assertionConsumerServiceURL: Fixture.consumerService,
            identityProviderEntityID: Fixture.identityProvider, certificates: [TestCredentials.identityProvider.certificate],
            maximumSize: 2048)
        expectRefusal(try Fixture().signed(.assertion), "too-large", with: small)
        let huge = String(repeating: "A", count: 1_000_000)
        #expect(throws: SAMLResponseValidator.Failure("too-large", "1000000 characters of base64")) {
            try Fixture.validator.validate(encodedResponse: huge, now: Fixture.now)
        }
    }

    @Test(arguments: ["", "!!!!", "PHNhbWxwOlJlc3BvbnNl=x", "A", "QQ===", "QQ=A", "w6k", "%3Csamlp"])
    func base64GarbageIsRefused(field: String) {
        let failure: SAMLResponseValidator.Failure?
        do {
            _ = try Fixture.validator.validate(encodedResponse: field, now: Fixture.now)
            failure = nil
        } catch {
            failure = error
        }
        #expect(failure?.reason == "malformed", "\(String(describing: failure))")
    }

    @Test(arguments: [
        // Billion laughs: ten levels of ten references.
        #"<?xml version="1.0"?><!DOCTYPE lolz [<!ENTITY lol "lol">"#
            + (1...9).map { level in
                #"<!ENTITY lol\#(level) ""# + String(repeating: "&lol\(level == 1 ? "" : String(level - 1));", count: 10) + #"">"#
            }.joined() + "]><samlp:Response xmlns:samlp=\"urn:oasis:names:tc:SAML:2.0:protocol\">&lol9;</samlp:Response>",
        // An external entity reading a local file.
        #"<?xml version="1.0"?><!DOCTYPE r [<!ENTITY x SYSTEM "file:///etc/passwd">]>"#
            + #"<samlp:Response xmlns:samlp="urn:oasis:names:tc:SAML:2.0:protocol">&x;</samlp:Response>"#,
        // An external DTD fetched over the network.
        #"<!DOCTYPE samlp:Response SYSTEM "http://evil.example.com/x.dtd"><samlp:Response xmlns:samlp="urn:oasis:names:tc:SAML:2.0:protocol"/>"#,
    ])
    func documentTypeDeclarationsAreRefusedUnread(xml: String) {
        expectRefusal(xml, "dtd")
    }

    @Test func aSignedResponseWithADoctypeIsRefused() throws {
        let signed = try Fixture().signed(.both)
        expectRefusal(signed.replacingOccurrences(of: "?>\n", with: "?>\n<!DOCTYPE samlp:Response [<!ENTITY x \"y\">]>\n"), "dtd")
    }

    @Test func anUndeclaredEntityIsMalformed() {
        expectRefusal(#"<samlp:Response xmlns:samlp="urn:oasis:names:tc:SAML:2.0:protocol">&x;</samlp:Response>"#, "malformed")
    }

    @Test func onlyASAML2ResponseIsRead() throws {
        expectRefusal("<a/>", "malformed")
        expectRefusal("not xml", "malformed")
        let asRequest = try Fixture().signed(.assertion).replacingOccurrences(of: "samlp:Response", with: "samlp:ArtifactResponse")
        expectRefusal(asRequest, "malformed")
        let version1 = try Fixture().signed(.assertion).replacingOccurrences(
            of: #"ID="_response-1" Version="2.0""#, with: #"ID="_response-1" Version="1.1""#)
        expectRefusal(version1, "malformed")
    }

    @Test func aResponseWithoutAnAssertionIsRefused() throws {
        let fixture = Fixture()
        let xml = fixture.xml.replacingOccurrences(of: fixture.assertion, with: "")
        let signed = try XMLSigner(credentials: TestCredentials.identityProvider).sign(xml, elementIDs: [fixture.responseID])
        expectRefusal(signed, "no-assertion")
    }
}
