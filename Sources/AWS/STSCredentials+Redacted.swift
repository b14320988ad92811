import SAML

/// The secret key and session token never appear in a log line, an error message or a debugger dump: the
/// access key ID (which AWS itself logs in CloudTrail) and the expiry are enough to tell sessions apart.
extension STSCredentials: CustomStringConvertible, CustomDebugStringConvertible, CustomReflectable {
    package var description: String {
        "STSCredentials(accessKeyID: \(accessKeyID), secretAccessKey: <redacted>, sessionToken: <redacted>, "
            + "expiration: \(SAMLInstant.format(expiration)))"
    }

    package var debugDescription: String { description }

    package var customMirror: Mirror {
        Mirror(
            self,
            children: [
                "accessKeyID": accessKeyID, "secretAccessKey": "<redacted>", "sessionToken": "<redacted>", "expiration": expiration,
            ], displayStyle: .struct)
    }
}
