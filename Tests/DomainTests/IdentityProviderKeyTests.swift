import Domain
import Testing

struct IdentityProviderKeyTests {
    @Test(arguments: [
        ("Contoso Entra ID", "contoso-entra-id"), ("  Okta (prod) ", "okta-prod"), ("社内 IdP", "idp"), ("社内", ""),
        ("Entra_ID--2", "entra-id-2"), (String(repeating: "abcdefghij ", count: 4), "abcdefghij-abcdefghij-abcdefghij"),
    ])
    func aKeyIsMadeOfTheNamesLettersAndDigits(name: String, key: String) {
        #expect(IdentityProvider.suggestedKey(forName: name) == key)
    }

    @Test func everyMadeKeyIsValid() {
        for name in ["Contoso Entra ID", "Okta", "a-b", String(repeating: "x y ", count: 20)] {
            let key = IdentityProvider.suggestedKey(forName: name)
            let provider = IdentityProvider(
                key: key, name: "n", entityID: "e", singleSignOnURL: "https://idp.example.com",
                certificates: ["-----BEGIN CERTIFICATE-----"])
            #expect(!provider.validate().contains { $0.field == "key" }, "\(name)")
        }
    }
}
