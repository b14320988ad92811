import Crypto

/// SAML 2.0's HTTP-POST binding (Bindings §3.5): the signed Response travels base64-encoded in the
/// `SAMLResponse` field of a form the browser posts to the service provider, with `RelayState` beside it.
package enum SAMLPostBinding {
    /// The value of the `SAMLResponse` field for `signedResponse`.
    package static func encode(_ signedResponse: String) -> String {
        PaddedBase64.encode(Array(signedResponse.utf8))
    }
}
