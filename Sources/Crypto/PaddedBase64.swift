/// Standard base64 with `=` padding (RFC 4648 §4), the form XML formats carry: SAML's HTTP-POST
/// binding (`SAMLResponse`) and `ds:X509Certificate`.
package enum PaddedBase64 {
    package static func encode(_ bytes: [UInt8]) -> String {
        let unpadded = Base64Coder.standard.encode(bytes)
        return unpadded + String(repeating: "=", count: (4 - unpadded.utf8.count % 4) % 4)
    }
}
