/// Short-term AWS credentials from STS: what the AWS CLI and SDKs need for one role session.
///
/// The secret key and session token grant the role's access until `expiration`; `description` and the
/// mirror show only the access key ID and the expiry (see `STSCredentials+Redacted.swift`).
package struct STSCredentials: Sendable, Equatable {
    package var accessKeyID: String
    package var secretAccessKey: String
    package var sessionToken: String
    /// Seconds since the Unix epoch.
    package var expiration: Int64

    package init(accessKeyID: String, secretAccessKey: String, sessionToken: String, expiration: Int64) {
        self.accessKeyID = accessKeyID
        self.secretAccessKey = secretAccessKey
        self.sessionToken = sessionToken
        self.expiration = expiration
    }
}
