/// Keys AWS accepts: long-lived or a session's. `description` shows the key id only (never the secret or token).
///
/// The access key ID is what AWS itself records in CloudTrail, so it is enough to tell keys apart in a log line; the
/// secret and the session token never appear in a description, a debugger dump or an error.
package struct AWSCredentials: Sendable, Equatable, CustomStringConvertible {
    package var accessKeyID: String
    package var secretAccessKey: String
    package var sessionToken: String?
    /// Epoch seconds; nil for keys that do not expire.
    package var expiration: Int64?

    package init(accessKeyID: String, secretAccessKey: String, sessionToken: String? = nil, expiration: Int64? = nil) {
        self.accessKeyID = accessKeyID
        self.secretAccessKey = secretAccessKey
        self.sessionToken = sessionToken
        self.expiration = expiration
    }

    package var description: String {
        let session = sessionToken == nil ? "" : ", sessionToken: <redacted>"
        let expiry = expiration.map { ", expiration: \($0)" } ?? ""
        return "AWSCredentials(accessKeyID: \(accessKeyID), secretAccessKey: <redacted>\(session)\(expiry))"
    }
}

extension AWSCredentials: CustomDebugStringConvertible, CustomReflectable {
    package var debugDescription: String { description }

    package var customMirror: Mirror {
        Mirror(
            self,
            children: [
                "accessKeyID": accessKeyID, "secretAccessKey": "<redacted>",
                "sessionToken": sessionToken == nil ? "nil" : "<redacted>", "expiration": expiration as Any,
            ], displayStyle: .struct)
    }
}
