import Testing
import WebAuthn

struct ClientDataTests {
    @Test func readsTheFields() throws {
        let json =
            #"{"type":"webauthn.get","challenge":"AAEC","origin":"https://a.example","crossOrigin":true,"topOrigin":"https://b.example","other":1}"#
        let clientData = try ClientData.parse(Array(json.utf8))
        #expect(clientData.type == "webauthn.get")
        #expect(clientData.challenge == [0, 1, 2])
        #expect(clientData.origin == "https://a.example")
        #expect(clientData.crossOrigin)
        #expect(clientData.topOrigin == "https://b.example")
    }

    @Test func crossOriginDefaultsToFalse() throws {
        let clientData = try ClientData.parse(Array(#"{"type":"webauthn.create","challenge":"","origin":"o"}"#.utf8))
        #expect(!clientData.crossOrigin && clientData.topOrigin == nil && clientData.challenge.isEmpty)
    }

    @Test(arguments: [
        "", "null", "[]", #"{"challenge":"AAEC","origin":"o"}"#, #"{"type":"webauthn.get","challenge":"AA==","origin":"o"}"#,
        #"{"type":"webauthn.get","challenge":"AAEC","origin":1}"#,
        #"{"type":"webauthn.get","challenge":"AAEC","origin":"o","crossOrigin":"no"}"#,
        #"{"type":"webauthn.get","type":"webauthn.create","challenge":"AAEC","origin":"o"}"#,
    ])
    func refusesMalformedJSON(_ json: String) {
        #expect(CeremonyFixtures.refusal { _ = try ClientData.parse(Array(json.utf8)) }?.auditReason == "malformed_response")
    }
}
