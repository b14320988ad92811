import Crypto

/// Checks a SAML `Response` an identity provider posted to Portico's assertion consumer service and returns
/// what its signed part says. (Skeleton of the interface; the checks are being written.)
package struct SAMLResponseValidator: Sendable {
    package struct Failure: Error, Hashable, Sendable, CustomStringConvertible {
        /// A short machine-readable reason for the audit log: `unsigned`, `wrong-audience`, `replay`…
        package let reason: String
        /// What went wrong, for the log and the admin; never shown verbatim to the person signing in.
        package let detail: String

        package init(_ reason: String, _ detail: String) {
            self.reason = reason
            self.detail = detail
        }

        package var description: String { "\(reason): \(detail)" }
    }

    package let serviceProviderEntityID: String
    package let assertionConsumerServiceURL: String
    package let identityProviderEntityID: String
    package let certificates: [X509Certificate]
    /// Keys an `EncryptedAssertion` may be encrypted to (Portico's SAML keys); empty when none is accepted.
    package let decryptionKeys: [SigningCredentials]
    /// The most clock difference tolerated on `NotBefore` and `NotOnOrAfter`, in seconds.
    package let clockSkew: Int64
    /// The largest decoded response accepted, in bytes.
    package let maximumSize: Int

    package init(
        serviceProviderEntityID: String, assertionConsumerServiceURL: String, identityProviderEntityID: String,
        certificates: [X509Certificate], decryptionKeys: [SigningCredentials] = [], clockSkew: Int64 = 180,
        maximumSize: Int = 256 * 1024
    ) {
        self.serviceProviderEntityID = serviceProviderEntityID
        self.assertionConsumerServiceURL = assertionConsumerServiceURL
        self.identityProviderEntityID = identityProviderEntityID
        self.certificates = certificates
        self.decryptionKeys = decryptionKeys
        self.clockSkew = clockSkew
        self.maximumSize = maximumSize
    }

    /// `encodedResponse` is the `SAMLResponse` form field (base64). `InResponseTo` is returned, not
    /// checked: whether it names an outstanding request of this browser is the caller's to decide.
    package func validate(encodedResponse: String, now: Int64) throws(Failure) -> SAMLAssertionClaims {
        throw Failure("unimplemented", "the response checks are being written")
    }
}
