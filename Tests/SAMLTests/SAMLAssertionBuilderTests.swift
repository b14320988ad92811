import SAML
import Testing

struct SAMLAssertionBuilderTests {
    static let now: Int64 = 1_767_268_800  // 2026-01-01T12:00:00Z
    static let launch = ConsoleLaunch(
        nameID: "u-1234", email: "ada@example.com", accountID: "111122223333", roleName: "AdministratorAccess",
        samlProviderName: "Portico", sessionDurationSeconds: 3600, authenticatedAt: now - 600,
        principalTags: [.init(key: "Department", value: "Engineering"), .init(key: "CostCenter", value: "42")])

    static func builder(entityID: String = "https://portico.example.com/saml") -> SAMLAssertionBuilder {
        let counter = Counter()
        return SAMLAssertionBuilder(entityID: entityID, now: { now }, makeID: { counter.next() })
    }

    static func parsed(_ launch: ConsoleLaunch = launch, entityID: String = "https://portico.example.com/saml") -> ParsedXML {
        ParsedXML.parse(builder(entityID: entityID).response(for: launch).xml)!
    }

    @Test func responseCarriesIDVersionInstantDestinationIssuerAndSuccess() throws {
        let response = Self.parsed()
        #expect(response.name == "Response" && response.namespaceURI == ParsedXML.samlp)
        #expect(response.attributes["ID"] == "_id1")
        #expect(response.attributes["Version"] == "2.0")
        #expect(response.attributes["IssueInstant"] == "2026-01-01T12:00:00Z")
        #expect(response.attributes["Destination"] == "https://signin.aws.amazon.com/saml")
        #expect(response.children.first?.name == "Issuer")
        #expect(response.children.first?.text == "https://portico.example.com/saml")
        let status = try #require(response.first("StatusCode", in: ParsedXML.samlp))
        #expect(status.attributes["Value"] == "urn:oasis:names:tc:SAML:2.0:status:Success")
    }

    @Test func holdsExactlyOneAssertionWithItsOwnIDIssuerAndInstant() throws {
        let assertions = Self.parsed().all("Assertion", in: ParsedXML.saml)
        #expect(assertions.count == 1)
        let assertion = try #require(assertions.first)
        #expect(assertion.attributes["ID"] == "_id2")
        #expect(assertion.attributes["Version"] == "2.0")
        #expect(assertion.attributes["IssueInstant"] == "2026-01-01T12:00:00Z")
        #expect(assertion.children.first?.name == "Issuer")
        #expect(assertion.children.first?.text == "https://portico.example.com/saml")
    }

    @Test func subjectIsThePersistentNameIDWithOneBearerConfirmationForFiveMinutes() throws {
        let subject = try #require(Self.parsed().first("Subject", in: ParsedXML.saml))
        let nameID = try #require(subject.first("NameID", in: ParsedXML.saml))
        #expect(nameID.text == "u-1234")
        #expect(nameID.attributes["Format"] == "urn:oasis:names:tc:SAML:2.0:nameid-format:persistent")
        let confirmations = subject.all("SubjectConfirmation", in: ParsedXML.saml)
        #expect(confirmations.count == 1)
        #expect(confirmations.first?.attributes["Method"] == "urn:oasis:names:tc:SAML:2.0:cm:bearer")
        let data = try #require(subject.first("SubjectConfirmationData", in: ParsedXML.saml))
        #expect(data.attributes["Recipient"] == "https://signin.aws.amazon.com/saml")
        #expect(data.attributes["NotOnOrAfter"] == "2026-01-01T12:05:00Z")
    }

    @Test func conditionsRestrictTheAudienceToAWSForFiveMinutes() throws {
        let conditions = try #require(Self.parsed().first("Conditions", in: ParsedXML.saml))
        #expect(conditions.attributes["NotBefore"] == "2026-01-01T11:59:00Z")
        #expect(conditions.attributes["NotOnOrAfter"] == "2026-01-01T12:05:00Z")
        let audiences = conditions.all("Audience", in: ParsedXML.saml).map(\.text)
        #expect(audiences == ["urn:amazon:webservices"])
        #expect(conditions.all("AudienceRestriction", in: ParsedXML.saml).count == 1)
    }

    @Test func authnStatementCarriesTheSignInInstantAndASessionIndex() throws {
        let statement = try #require(Self.parsed().first("AuthnStatement", in: ParsedXML.saml))
        #expect(statement.attributes["AuthnInstant"] == "2026-01-01T11:50:00Z")
        #expect(statement.attributes["SessionIndex"] == "_id3")
        #expect(
            statement.first("AuthnContextClassRef", in: ParsedXML.saml)?.text
                == "urn:oasis:names:tc:SAML:2.0:ac:classes:PasswordProtectedTransport")
    }

    @Test func attributesCarryRoleSessionNameDurationAndPrincipalTags() {
        let response = Self.parsed()
        let prefix = "https://aws.amazon.com/SAML/Attributes/"
        #expect(
            response.samlAttributeValues(prefix + "Role")
                == ["arn:aws:iam::111122223333:role/AdministratorAccess,arn:aws:iam::111122223333:saml-provider/Portico"])
        #expect(response.samlAttributeValues(prefix + "RoleSessionName") == ["ada@example.com"])
        #expect(response.samlAttributeValues(prefix + "SessionDuration") == ["3600"])
        #expect(response.samlAttributeValues(prefix + "PrincipalTag:Department") == ["Engineering"])
        #expect(response.samlAttributeValues(prefix + "PrincipalTag:CostCenter") == ["42"])
        let attributes = response.all("Attribute", in: ParsedXML.saml)
        #expect(attributes.count == 5)
        #expect(attributes.allSatisfy { $0.attributes["NameFormat"] == "urn:oasis:names:tc:SAML:2.0:attrname-format:uri" })
    }

    @Test func roleSessionNameIsTheFittedEmail() {
        var launch = Self.launch
        launch.email = "Ada Lovelace <ada@example.com>"
        #expect(
            Self.parsed(launch).samlAttributeValues("https://aws.amazon.com/SAML/Attributes/RoleSessionName")
                == ["Ada_Lovelace__ada@example.com_"])
    }

    @Test func hostileValuesAreEscapedAndReadBackUnchanged() throws {
        let hostile = #"x"/><evil a='1'>&amp;</evil><y z=""#
        let launch = ConsoleLaunch(
            nameID: "a<b&c\"d'e>", email: "x@example.com", accountID: "1<2", roleName: "R&D\"'",
            samlProviderName: "P</saml:AttributeValue>", sessionDurationSeconds: 900, authenticatedAt: Self.now,
            principalTags: [.init(key: "Team\"><x", value: hostile), .init(key: "Line", value: "a\tb\nc\rd")])
        let response = Self.parsed(launch, entityID: "urn:portico:<&>\"'")
        #expect(response.all("evil", in: "").isEmpty)
        #expect(response.first("NameID", in: ParsedXML.saml)?.text == "a<b&c\"d'e>")
        #expect(response.first("Issuer", in: ParsedXML.saml)?.text == "urn:portico:<&>\"'")
        #expect(
            response.samlAttributeValues("https://aws.amazon.com/SAML/Attributes/Role")
                == ["arn:aws:iam::1<2:role/R&D\"',arn:aws:iam::1<2:saml-provider/P</saml:AttributeValue>"])
        #expect(response.samlAttributeValues("https://aws.amazon.com/SAML/Attributes/PrincipalTag:Team\"><x") == [hostile])
        #expect(response.samlAttributeValues("https://aws.amazon.com/SAML/Attributes/PrincipalTag:Line") == ["a\tb\nc\rd"])
        #expect(response.all("Attribute", in: ParsedXML.saml).count == 5)
    }

    @Test func controlCharactersXMLCannotCarryBecomeReplacementCharacters() {
        var launch = Self.launch
        launch.nameID = "a\u{0}b\u{1B}c\u{FFFF}"
        #expect(Self.parsed(launch).first("NameID", in: ParsedXML.saml)?.text == "a\u{FFFD}b\u{FFFD}c\u{FFFD}")
    }

    @Test func randomIDsAreUnderscoreAnd40HexDigitsAndNeverRepeat() {
        let builder = SAMLAssertionBuilder(entityID: "urn:portico", now: { Self.now })
        let first = builder.response(for: Self.launch)
        let second = builder.response(for: Self.launch)
        let ids = [first.responseID, first.assertionID, second.responseID, second.assertionID]
        #expect(Set(ids).count == 4)
        for id in ids {
            #expect(id.count == 41 && id.hasPrefix("_"))
            #expect(id.dropFirst().allSatisfy { "0123456789abcdef".contains($0) })
        }
        #expect(ParsedXML.parse(first.xml)?.attributes["ID"] == first.responseID)
    }

    @Test func signInURLIsConfigurable() {
        var builder = Self.builder()
        builder.signInURL = "https://signin.amazonaws-us-gov.com/saml"
        let response = ParsedXML.parse(builder.response(for: Self.launch).xml)!
        #expect(response.attributes["Destination"] == "https://signin.amazonaws-us-gov.com/saml")
        #expect(
            response.first("SubjectConfirmationData", in: ParsedXML.saml)?.attributes["Recipient"]
                == "https://signin.amazonaws-us-gov.com/saml")
    }
}
