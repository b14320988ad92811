import Crypto

/// One STS `AssumeRoleWithSAML` call as the HTTP request to send: `POST /` with a form body.
///
/// The call is unsigned (the model's `smithy.api#noAuth`): the signed SAML response is the credential, so
/// Portico needs no AWS keys of its own. The model's length and range constraints are checked here, before
/// anything is sent, so a mistake reads as Portico's own message rather than as STS's `ValidationError`.
/// The body holds the assertion, so `description` leaves it out.
package struct AssumeRoleWithSAMLRequest: Sendable {
    package static let version = "2011-06-15"
    package static let method = "POST"
    package static let path = "/"
    package static let contentType = "application/x-www-form-urlencoded; charset=utf-8"
    /// The model's bounds for `RoleArn` and `PrincipalArn` (`arnType`).
    package static let arnLength = 20...2048
    /// The model's bounds for `SAMLAssertion`, in base64 characters.
    package static let assertionLength = 4...100_000
    /// The model's bounds for `DurationSeconds`.
    package static let durationSeconds = 900...43_200

    package let roleARN: String
    /// The IAM SAML provider's ARN.
    package let principalARN: String
    /// Seconds; nil lets STS take the smaller of an hour and the assertion's `SessionDuration`.
    package let durationSeconds: Int?
    /// Base64 of the whole signed `samlp:Response`.
    private let encodedAssertion: String

    /// A request for `roleARN` through the provider `principalARN`, carrying `signedResponse`: the complete
    /// signed `samlp:Response` document, as `SAMLAssertionBuilder` and `XMLSigner` make it.
    package init(roleARN: String, principalARN: String, signedResponse: String, durationSeconds: Int? = nil)
        throws(AssumeRoleWithSAMLRequestError)
    {
        guard Self.arnLength.contains(roleARN.count), roleARN.hasPrefix("arn:") else { throw .invalidRoleARN(roleARN) }
        guard Self.arnLength.contains(principalARN.count), principalARN.hasPrefix("arn:") else {
            throw .invalidPrincipalARN(principalARN)
        }
        let encoded = PaddedBase64.encode(Array(signedResponse.utf8))
        guard Self.assertionLength.contains(encoded.count) else { throw .assertionLength(encoded.count) }
        if let durationSeconds, !Self.durationSeconds.contains(durationSeconds) { throw .durationOutOfRange(durationSeconds) }
        self.roleARN = roleARN
        self.principalARN = principalARN
        self.durationSeconds = durationSeconds
        encodedAssertion = encoded
    }

    /// The form fields in the order they are sent.
    package var fields: [(name: String, value: String)] {
        var fields = [
            ("Action", "AssumeRoleWithSAML"), ("Version", Self.version), ("RoleArn", roleARN), ("PrincipalArn", principalARN),
            ("SAMLAssertion", encodedAssertion),
        ]
        if let durationSeconds { fields.append(("DurationSeconds", String(durationSeconds))) }
        return fields
    }

    /// The `application/x-www-form-urlencoded` body; every name and value percent-encoded (the base64's
    /// `+`, `/` and `=` included, which a form decoder would otherwise read as a space and separators).
    package var body: String {
        fields.map { "\(PercentEncoding.encode($0.name))=\(PercentEncoding.encode($0.value))" }.joined(separator: "&")
    }

    /// The headers besides `Host` and `Content-Length`, which the transport sets.
    package var headers: [(name: String, value: String)] {
        [("Content-Type", Self.contentType), ("Accept", "text/xml")]
    }
}

extension AssumeRoleWithSAMLRequest: CustomStringConvertible, CustomDebugStringConvertible, CustomReflectable {
    package var description: String {
        "AssumeRoleWithSAMLRequest(roleARN: \(roleARN), principalARN: \(principalARN), durationSeconds: "
            + "\(durationSeconds.map(String.init) ?? "default"), samlAssertion: <redacted>)"
    }

    package var debugDescription: String { description }

    package var customMirror: Mirror {
        Mirror(
            self,
            children: [
                "roleARN": roleARN, "principalARN": principalARN, "durationSeconds": durationSeconds as Any, "samlAssertion": "<redacted>",
            ], displayStyle: .struct)
    }
}
