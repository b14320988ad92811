import Crypto

/// Why a stored key and certificate cannot be used for signing.
package enum SigningCredentialsError: Error, Sendable, Equatable {
    case unreadablePrivateKey(OpenSSLError)
    case unreadableCertificate(OpenSSLError)
    /// The certificate publishes a different key, so AWS would reject every signature.
    case certificateDoesNotMatchKey
}
