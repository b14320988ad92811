/// SAML identity-provider metadata shaped as Microsoft Entra ID and Keycloak publish it, with real
/// certificates made for these tests (their private keys were thrown away), for the metadata reader's tests,
/// the admin pages' and the directory file's.
package enum IdentityProviderExamples {
    /// A certificate and what Portico shows of it.
    package struct Certificate: Sendable {
        /// The DER in base64 without line breaks, as `ds:X509Certificate` carries it.
        package let base64: String
        /// `openssl x509 -fingerprint -sha256`'s colon-separated pairs.
        package let sha256: String
        /// The SHA-1 thumbprint Entra shows.
        package let sha1: String
        package let notBefore: Int64
        package let notAfter: Int64

        init(base64Lines: String, sha256: String, sha1: String, notBefore: Int64, notAfter: Int64) {
            base64 = base64Lines.split(separator: "\n").joined()
            self.sha256 = sha256
            self.sha1 = sha1
            self.notBefore = notBefore
            self.notAfter = notAfter
        }

        /// PEM, 64 characters a line, as a file from Entra's "Certificate (Base64)" download reads.
        package var pem: String {
            var lines = "-----BEGIN CERTIFICATE-----\n"
            var rest = Substring(base64)
            while !rest.isEmpty {
                lines += rest.prefix(64) + "\n"
                rest = rest.dropFirst(64)
            }
            return lines + "-----END CERTIFICATE-----\n"
        }
    }

    /// Entra ID's current signing certificate (Entra names them all so), valid 2025-03-01 to 2028-03-01.
    package static let entraCurrent = Certificate(
        base64Lines: """
            MIIC9DCCAdygAwIBAgIUR/Twuj3G3JdZMTFBWSG82PMtIXMwDQYJKoZIhvcNAQEL
            BQAwNDEyMDAGA1UEAwwpTWljcm9zb2Z0IEF6dXJlIEZlZGVyYXRlZCBTU08gQ2Vy
            dGlmaWNhdGUwHhcNMjUwMzAxMDkzMDAwWhcNMjgwMzAxMDkzMDAwWjA0MTIwMAYD
            VQQDDClNaWNyb3NvZnQgQXp1cmUgRmVkZXJhdGVkIFNTTyBDZXJ0aWZpY2F0ZTCC
            ASIwDQYJKoZIhvcNAQEBBQADggEPADCCAQoCggEBAMKM16S7SckT/gO/CBco7QBj
            4YiZNFQlXT5bSBwIS5SpSLMefiQxehSQUWVPZZOLXU1mddzQJvfYBtFLVQoHiI4h
            mN+siRfNgrIZ7wYqx7+LflWdLDQQ1kL8n3jq4jhoU3xu/O1z5NyOuaMMoPylu7d+
            I5r5sfJJ/Y6oKO4IVzbA0eIAUmf63M/9AV14teMDrGoRzPuZozmJH0ue3IVquIxX
            R2B9hqZSusMGT2DDfKeVRCUe1qCssEzGkGSGvyS6Oics5MjsGEtJcVFeEK3DOyio
            DaVLCWke+inzRBnhm8k7h6xy/piOqtXEV8EvwBMVErLgQqrJ/luR62tQc95YSvUC
            AwEAATANBgkqhkiG9w0BAQsFAAOCAQEAPahwrdEDkfswomtlHCFy3q+pm7LmVvT3
            1f48UFq/DVbZw8jDRFsk0UyJP3MrfXXRtbZhIap8EJhTktVTjW0mGTojbp463hyV
            GzT53Cb6g+dd0XFyhJ6yGTX3mae0pgqkxAGkIOigVuM/isoSEro0TqO7EPRx82b2
            uHpC+04nj7giFOUWPLxRoQs3BLhjTFmOmXr8euk4kcu3jzK6BZrkb/X7h8tB5mwj
            Eq/3Q1soNECWzNeP7omXn1aGSDjBi96PywsYQrfdsSY/kesVFDD0u3sSl4SqHxQ8
            I8f/rR5kCC7iQdu867IRExBMrkvkbMhDJzdC0vLVLigz10gMmz1cFQ==
            """,
        sha256: "56:83:57:AD:44:7F:9A:48:A9:20:FE:A8:46:B0:35:73:C4:1C:3D:2B:14:E2:AD:67:D6:35:85:57:BF:D7:20:D2",
        sha1: "722CE089EB261D34BB80842FE8D84EBDBF718276", notBefore: 1740821400, notAfter: 1835515800)

    /// Entra ID's next signing certificate, published beside the current one during a rotation; valid 2026-11-02 to 2029-11-02.
    package static let entraNext = Certificate(
        base64Lines: """
            MIIC9DCCAdygAwIBAgIUHv2uFhICwYl7IR8HTjnNgrQGgzwwDQYJKoZIhvcNAQEL
            BQAwNDEyMDAGA1UEAwwpTWljcm9zb2Z0IEF6dXJlIEZlZGVyYXRlZCBTU08gQ2Vy
            dGlmaWNhdGUwHhcNMjYxMTAyMDgwMDAwWhcNMjkxMTAyMDgwMDAwWjA0MTIwMAYD
            VQQDDClNaWNyb3NvZnQgQXp1cmUgRmVkZXJhdGVkIFNTTyBDZXJ0aWZpY2F0ZTCC
            ASIwDQYJKoZIhvcNAQEBBQADggEPADCCAQoCggEBALV29FgIP5bZ2EEIU6csAOiO
            4ptq7ve1iWHNtoA+WMQD8KWmaC176d58ekxeCmrmRgTYb/FdKJkvrTBnhNe60GSr
            56CEKInC2ayuZmBGZxCMgTMYIuoSpay/KJlwlI1r3Njf092hRJV3hoQ7L+kOJZCv
            jogbByhQxL1M3a4rCpx+1OMQ7EQfIo26x24Ee1+XOhnC/7HtBSkVEWubI/i5t18b
            W+4UPqJINY49lP5JI8Iso0un4vYYfOTOPJGTQeEezeySDGR24gfbO8Jra4ZAC2vF
            +y/WKlle1Pv8QolqaeXfrD22F0WfwlCmG1gEcwq5nPz/HS+m+65uHJnzi/Mtlz8C
            AwEAATANBgkqhkiG9w0BAQsFAAOCAQEAqyEydnvN7M+4qEGzg3eKQrfoVdBOWiaK
            Sb/G5kMQn08yyTkCtGbI6QUuT+G+ArRxnpQhUxaR1nHMJs9RjNhSn/0ZeJWEZt/o
            fa/p4KZ+RBHISu+wIrk+VSC9D+HNMYZ5dD0K/lmtDAWjhAAOY+SfIYJTjO3KVc30
            QCpgAQ+ALScMu3WVeiVRpuhYrPbsSdwJhA4X/iZHSqSopjnmAhcht1EllupnPIsA
            AKMmJ7Kzy/3vYUUN5nRn5M9LuzUWy6+3guJXb/+Ph++d07j+qtg3/QLZ4X5zvxNK
            TfvG9JV3Wd+3FJ3rBBL23cVJBVPhAHayL7MEHrr1aNNLe0adjDmq3Q==
            """,
        sha256: "D6:F7:FC:52:53:24:84:5D:96:E3:24:C9:CE:88:C5:9E:AD:5E:D7:9A:8A:BD:79:58:98:B7:B4:6F:FF:81:1F:87",
        sha1: "13D97E872289E4871D215D4F868813CFAB1EDB7C", notBefore: 1793606400, notAfter: 1888300800)

    /// A Keycloak realm's certificate (`CN=<realm>`), valid 2025-06-01 to 2035-06-01.
    package static let keycloak = Certificate(
        base64Lines: """
            MIICsDCCAZigAwIBAgIUUoE0gC4vgsZIvWQ+LkDaBCbGPUcwDQYJKoZIhvcNAQEL
            BQAwEjEQMA4GA1UEAwwHcG9ydGljbzAeFw0yNTA2MDEwMDAwMDBaFw0zNTA2MDEw
            MDAwMDBaMBIxEDAOBgNVBAMMB3BvcnRpY28wggEiMA0GCSqGSIb3DQEBAQUAA4IB
            DwAwggEKAoIBAQCsbtyL2m0/rAwYPY5oGWv3oUxKNlRhF+VNOBcOetjhXmtQvQRn
            Hqfq73Yl7ZDr9o9SVdOQOVtBYgzEmVEtGWhF//16x3Z3GOumgJFj+QQp1GzRUz4G
            0cn3yFMhJ0vcennwq31FTRqz2qYTmpiK5f030r0lluJIVd+RyK2kjTqGqY2O3Y1X
            PxLMcdDI0OnvZBzGmSjGJHEo7pTPidTHijtjjJz6OeEJtuAZ/aOB7B9B/2DhtV9c
            ziPVFR84VhqdM3p+3UVrwNpaej+vmgnP2IkbaCKP9fLHGJnNwkjgyIoAeu9qQZ29
            wC6Mre1Zgv7UsdfV19E4ptUBOm9y4lecKLeJAgMBAAEwDQYJKoZIhvcNAQELBQAD
            ggEBAByxK9ERy6X1i4Q8Pc+kFdR34WxoDE8rYwhnpod48fm3f1uE0ipFueDh/Obc
            avxrDSypiLYZ148AN3RW3+ARRQ7ceJDrwHS1hDmHhMXsjkG4qLMUMnC6l2LdK6HJ
            /RzbeeCnoOSWeg7maiiZUS1dkmRbFf1/8aqz9Q24T/M0SGlFbNsOeb5n2FBy8AZs
            EXN6ErQl5S97txbv9VvcpFPW21F6kEXI9E+PFNi/YXpFZafRt8VKsoirBbo1RvzV
            EIbrpidEYtGDrXchOKq4lgAsFzmT+tJzb1lUuY2NqulcdptHkYucJue6xyZ17EDv
            VoYa6hg+khmPmr71UOzJSA5YjYA=
            """,
        sha256: "3D:34:C3:DA:86:DF:EF:74:1A:09:51:62:60:C5:6D:59:A5:1E:52:04:1B:7C:99:E4:84:65:7E:73:0E:C7:F5:98",
        sha1: "0FB208CE9534DC34102BA5AC55B6A6E637DA71F3", notBefore: 1748736000, notAfter: 2064268800)

    /// A certificate that expired on 2022-01-01; in the fixtures where a reader must not look.
    package static let expired = Certificate(
        base64Lines: """
            MIICtDCCAZygAwIBAgIUO6aA0iK9MO26aVCVCUmZm+PtYu0wDQYJKoZIhvcNAQEL
            BQAwFDESMBAGA1UEAwwJT2t0YSAyMDIwMB4XDTIwMDEwMTAwMDAwMFoXDTIyMDEw
            MTAwMDAwMFowFDESMBAGA1UEAwwJT2t0YSAyMDIwMIIBIjANBgkqhkiG9w0BAQEF
            AAOCAQ8AMIIBCgKCAQEAtNeI8YWq0A0rPT6g3qS47btk6Yvcma5Qt11IHUY6Vo2T
            igukJyIEAYqjHRI+76A3JBlgg41pdd7dvyBj2e33Ypv3f/qZFW+dqVPL8JdFzBZT
            YBZk1UGcCpt4aCEwRGmKiWqxipaWLJ0A5mp6JcJQ3UYKpjWrtIJAZsYozlK6dujc
            PWdFRyMUcpRXGqdT+d10Z9xRYyUOHFKWVmMPsTEdWNzeEGBhcDIxJoM2wKBclhi9
            zMDfPQ+FwIB/9PsCpxgdjP4nBkxXJKViaGihqXgwkZNUfLRFz29J36PyP7Wxmgot
            tr6XbTF8wk8cBhgIYzt2TzqCeopcSxGuSFgsoa8LmQIDAQABMA0GCSqGSIb3DQEB
            CwUAA4IBAQBdXZISNoNZ+ZBHookukjSTltm24cGJXu04r+JdN9+8VBdkNw2ZEIWI
            kqzQLLR+BnzGaRqslbiIo+Qvtrsts+dy3Bs4lLYr4Wbk7Z1nRCwPi4sjiD4iPf4x
            OoxiMQo/+YcjktaHZxOkUQ8OkfxwUhSaxejmjXnKGemteiPC/zXUeTdYy8XK8SWG
            7FVljzTuQgEUh6ZMh3DzXcQ08PkJM2SSweb8jXjEBDddQf7M3GPX2Cmolg/uPhwI
            UF63OAnsfo/M8VCmsP+sBftienpIrFd2Y4erVCrRbayBaxZoKjezn1/j1+dqaVTf
            PGHcI5S2/7GwiOUNqjuy0ybcvNTd3koY
            """,
        sha256: "65:B5:F9:FB:62:CB:41:A5:BB:AC:3C:F7:C6:66:00:3D:E5:23:AA:F8:43:BE:22:93:B8:04:5C:22:99:25:1F:7B",
        sha1: "84976BC53887CD8971DB92F83EB7D21691660A77", notBefore: 1577836800, notAfter: 1640995200)

    package static let entraTenant = "3f5c2a1e-8b7d-4e6f-9a0b-1c2d3e4f5a6b"
    package static let entraEntityID = "https://sts.windows.net/\(entraTenant)/"
    package static let entraSignOnURL = "https://login.microsoftonline.com/\(entraTenant)/saml2"

    /// An enterprise application's "Federation Metadata XML" from Entra ID during a certificate rotation: signed,
    /// with WS-Federation `RoleDescriptor`s in the `fed:` namespace before the SAML `IDPSSODescriptor`, which
    /// lists both signing certificates. The signature's `KeyInfo` and the WS-Federation descriptors carry another
    /// certificate (`expired`), so a reader that looks beyond the `IDPSSODescriptor` shows it. Written on one line
    /// with a byte-order mark, as Entra's download is.
    package static let entraMetadata =
        "\u{FEFF}"
            + """
            <?xml version="1.0" encoding="utf-8"?><EntityDescriptor ID="_0e5c3a8e-4f1b-4d2a-9c7e-5b8a6d4f3e21" \
            entityID="\(entraEntityID)" xmlns="urn:oasis:names:tc:SAML:2.0:metadata">\
            <Signature xmlns="http://www.w3.org/2000/09/xmldsig#"><SignedInfo>\
            <CanonicalizationMethod Algorithm="http://www.w3.org/2001/10/xml-exc-c14n#" />\
            <SignatureMethod Algorithm="http://www.w3.org/2001/04/xmldsig-more#rsa-sha256" />\
            <Reference URI="#_0e5c3a8e-4f1b-4d2a-9c7e-5b8a6d4f3e21"><Transforms>\
            <Transform Algorithm="http://www.w3.org/2000/09/xmldsig#enveloped-signature" />\
            <Transform Algorithm="http://www.w3.org/2001/10/xml-exc-c14n#" /></Transforms>\
            <DigestMethod Algorithm="http://www.w3.org/2001/04/xmlenc#sha256" />\
            <DigestValue>k3Rj0gLr4vJ2m0x6Wm8wqf0r5Yd7pQ1sZ9aB2cD3eF4=</DigestValue></Reference></SignedInfo>\
            <SignatureValue>c2lnbmF0dXJlIG5vdCBjaGVja2VkOiB0aGUgYWRtaW4gdXBsb2FkcyB0aGlzIGZpbGUgb24gcHVycG9zZQ==</SignatureValue>\
            <KeyInfo><X509Data><X509Certificate>\(expired.base64)</X509Certificate></X509Data></KeyInfo></Signature>\
            <RoleDescriptor xsi:type="fed:SecurityTokenServiceType" protocolSupportEnumeration="http://docs.oasis-open.org/wsfed/federation/200706" \
            xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance" xmlns:fed="http://docs.oasis-open.org/wsfed/federation/200706">\
            <KeyDescriptor use="signing"><KeyInfo xmlns="http://www.w3.org/2000/09/xmldsig#"><X509Data>\
            <X509Certificate>\(expired.base64)</X509Certificate></X509Data></KeyInfo></KeyDescriptor>\
            <fed:ClaimTypesOffered><auth:ClaimType Uri="http://schemas.xmlsoap.org/ws/2005/05/identity/claims/name" \
            xmlns:auth="http://docs.oasis-open.org/wsfed/authorization/200706"><auth:DisplayName>Name</auth:DisplayName>\
            <auth:Description>The mutable display name of the user.</auth:Description></auth:ClaimType>\
            <auth:ClaimType Uri="http://schemas.xmlsoap.org/ws/2005/05/identity/claims/emailaddress" \
            xmlns:auth="http://docs.oasis-open.org/wsfed/authorization/200706"><auth:DisplayName>Email</auth:DisplayName>\
            <auth:Description>Email address of the user.</auth:Description></auth:ClaimType></fed:ClaimTypesOffered>\
            <fed:SecurityTokenServiceEndpoint><wsa:EndpointReference xmlns:wsa="http://www.w3.org/2005/08/addressing">\
            <wsa:Address>https://login.microsoftonline.com/\(entraTenant)/wsfed</wsa:Address></wsa:EndpointReference>\
            </fed:SecurityTokenServiceEndpoint><fed:PassiveRequestorEndpoint>\
            <wsa:EndpointReference xmlns:wsa="http://www.w3.org/2005/08/addressing">\
            <wsa:Address>https://login.microsoftonline.com/\(entraTenant)/wsfed</wsa:Address></wsa:EndpointReference>\
            </fed:PassiveRequestorEndpoint></RoleDescriptor>\
            <RoleDescriptor xsi:type="fed:ApplicationServiceType" protocolSupportEnumeration="http://docs.oasis-open.org/wsfed/federation/200706" \
            xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance" xmlns:fed="http://docs.oasis-open.org/wsfed/federation/200706">\
            <KeyDescriptor use="signing"><KeyInfo xmlns="http://www.w3.org/2000/09/xmldsig#"><X509Data>\
            <X509Certificate>\(expired.base64)</X509Certificate></X509Data></KeyInfo></KeyDescriptor>\
            <fed:TargetScopes><wsa:EndpointReference xmlns:wsa="http://www.w3.org/2005/08/addressing">\
            <wsa:Address>https://sts.windows.net/\(entraTenant)/</wsa:Address></wsa:EndpointReference></fed:TargetScopes>\
            <fed:ApplicationServiceEndpoint><wsa:EndpointReference xmlns:wsa="http://www.w3.org/2005/08/addressing">\
            <wsa:Address>https://login.microsoftonline.com/\(entraTenant)/wsfed</wsa:Address></wsa:EndpointReference>\
            </fed:ApplicationServiceEndpoint><fed:PassiveRequestorEndpoint>\
            <wsa:EndpointReference xmlns:wsa="http://www.w3.org/2005/08/addressing">\
            <wsa:Address>https://login.microsoftonline.com/\(entraTenant)/wsfed</wsa:Address></wsa:EndpointReference>\
            </fed:PassiveRequestorEndpoint></RoleDescriptor>\
            <IDPSSODescriptor protocolSupportEnumeration="urn:oasis:names:tc:SAML:2.0:protocol">\
            <KeyDescriptor use="signing"><KeyInfo xmlns="http://www.w3.org/2000/09/xmldsig#"><X509Data>\
            <X509Certificate>\(entraCurrent.base64)</X509Certificate></X509Data></KeyInfo></KeyDescriptor>\
            <KeyDescriptor use="signing"><KeyInfo xmlns="http://www.w3.org/2000/09/xmldsig#"><X509Data>\
            <X509Certificate>\(entraNext.base64)</X509Certificate></X509Data></KeyInfo></KeyDescriptor>\
            <SingleLogoutService Binding="urn:oasis:names:tc:SAML:2.0:bindings:HTTP-Redirect" Location="\(entraSignOnURL)" />\
            <SingleSignOnService Binding="urn:oasis:names:tc:SAML:2.0:bindings:HTTP-Redirect" Location="\(entraSignOnURL)" />\
            <SingleSignOnService Binding="urn:oasis:names:tc:SAML:2.0:bindings:HTTP-POST" Location="\(entraSignOnURL)" />\
            </IDPSSODescriptor></EntityDescriptor>
            """

    package static let keycloakEntityID = "https://keycloak.example.com/realms/portico"
    package static let keycloakSignOnURL = "https://keycloak.example.com/realms/portico/protocol/saml"

    /// A Keycloak realm's "SAML 2.0 Identity Provider Metadata": an `EntitiesDescriptor` around one entity, `md:`
    /// and `ds:` prefixes, a `KeyName` before the certificate, which is wrapped over lines, POST bindings listed
    /// before Redirect ones, and (as Shibboleth writes it) an encryption key, which is not for checking signatures.
    package static let keycloakMetadata = """
        <?xml version="1.0" encoding="UTF-8"?>
        <md:EntitiesDescriptor xmlns:md="urn:oasis:names:tc:SAML:2.0:metadata" xmlns="urn:oasis:names:tc:SAML:2.0:metadata" \
        xmlns:saml="urn:oasis:names:tc:SAML:2.0:assertion" xmlns:ds="http://www.w3.org/2000/09/xmldsig#" Name="urn:keycloak">
          <md:EntityDescriptor entityID="\(keycloakEntityID)">
            <md:IDPSSODescriptor WantAuthnRequestsSigned="true" protocolSupportEnumeration="urn:oasis:names:tc:SAML:2.0:protocol">
              <md:KeyDescriptor use="signing">
                <ds:KeyInfo>
                  <ds:KeyName>Xy3vQ9m2lPzK8rT1uW4eN6bH0aJ5cF7dG2sL9kM3nB8</ds:KeyName>
                  <ds:X509Data>
                    <ds:X509Certificate>
        \(keycloak.pem.split(separator: "\n").dropFirst().dropLast().joined(separator: "\n"))
                    </ds:X509Certificate>
                  </ds:X509Data>
                </ds:KeyInfo>
              </md:KeyDescriptor>
              <md:KeyDescriptor use="encryption">
                <ds:KeyInfo><ds:X509Data><ds:X509Certificate>\(expired.base64)</ds:X509Certificate></ds:X509Data></ds:KeyInfo>
              </md:KeyDescriptor>
              <md:ArtifactResolutionService Binding="urn:oasis:names:tc:SAML:2.0:bindings:SOAP" \
        Location="\(keycloakSignOnURL)/resolve" index="0"></md:ArtifactResolutionService>
              <md:SingleLogoutService Binding="urn:oasis:names:tc:SAML:2.0:bindings:HTTP-POST" Location="\(keycloakSignOnURL)"/>
              <md:SingleLogoutService Binding="urn:oasis:names:tc:SAML:2.0:bindings:HTTP-Redirect" Location="\(keycloakSignOnURL)"/>
              <md:SingleLogoutService Binding="urn:oasis:names:tc:SAML:2.0:bindings:HTTP-Artifact" Location="\(keycloakSignOnURL)"/>
              <md:NameIDFormat>urn:oasis:names:tc:SAML:2.0:nameid-format:persistent</md:NameIDFormat>
              <md:NameIDFormat>urn:oasis:names:tc:SAML:2.0:nameid-format:transient</md:NameIDFormat>
              <md:NameIDFormat>urn:oasis:names:tc:SAML:1.1:nameid-format:unspecified</md:NameIDFormat>
              <md:NameIDFormat>urn:oasis:names:tc:SAML:1.1:nameid-format:emailAddress</md:NameIDFormat>
              <md:SingleSignOnService Binding="urn:oasis:names:tc:SAML:2.0:bindings:HTTP-POST" Location="\(keycloakSignOnURL)"/>
              <md:SingleSignOnService Binding="urn:oasis:names:tc:SAML:2.0:bindings:HTTP-Redirect" Location="\(keycloakSignOnURL)"/>
              <md:SingleSignOnService Binding="urn:oasis:names:tc:SAML:2.0:bindings:SOAP" Location="\(keycloakSignOnURL)"/>
              <md:SingleSignOnService Binding="urn:oasis:names:tc:SAML:2.0:bindings:HTTP-Artifact" Location="\(keycloakSignOnURL)"/>
            </md:IDPSSODescriptor>
          </md:EntityDescriptor>
        </md:EntitiesDescriptor>
        """
}
