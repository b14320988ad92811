import Crypto
import Domain
import Web

/// What `Public/webauthn.js` posts after the browser's `navigator.credentials` call: the authenticator's answer,
/// each binary part in base64url, with the name a new key is given.
struct SecurityKeyForm {
    /// The most bytes any one part may decode to; real answers are a few hundred bytes.
    static let maximumPartLength = 16 * 1024

    var credentialID: [UInt8]?
    var clientDataJSON: [UInt8]?
    /// Registration only.
    var attestationObject: [UInt8]?
    /// Sign-in only.
    var authenticatorData: [UInt8]?
    var signature: [UInt8]?
    var userHandle: [UInt8]?
    /// What the browser says the key reaches it by, kept if WebAuthn knows the word.
    var transports: [String]
    /// The `credProps` extension's answer: the key stored the credential itself, so it is a passkey.
    var discoverable: Bool
    var name: String
    var returnTo: String

    init(_ form: FormData) {
        func part(_ field: String) -> [UInt8]? {
            guard let text = form[field], !text.isEmpty, text.utf8.count <= Self.maximumPartLength * 4 / 3 + 4 else { return nil }
            return Base64URL.decode(text)
        }
        credentialID = part("credential_id")
        clientDataJSON = part("client_data")
        attestationObject = part("attestation_object")
        authenticatorData = part("authenticator_data")
        signature = part("signature")
        userHandle = part("user_handle")
        transports = (form["transports"] ?? "").split(separator: ",").map(String.init).filter(WebAuthnCredential.knownTransports.contains)
        discoverable = form["discoverable"] == "true"
        name = (form["name"] ?? "").trimmingWhitespace()
        returnTo = ReturnPath.sanitized(form["return_to"])
    }
}
