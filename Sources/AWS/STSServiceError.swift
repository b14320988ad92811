import SAML

/// An STS `ErrorResponse`: AWS's code and message, and what the user or administrator should change.
///
/// STS's messages name the failed check but not the fix, which for federation is almost always in the
/// account's setup (the role's trust policy, the SAML provider's metadata, `MaxSessionDuration`) or in
/// Portico's (its clock, the STS endpoint). `description` puts the fix first and keeps AWS's words after it.
/// AWS's message is shortened and any long base64 run in it removed, in case a `ValidationError` quotes
/// the assertion back.
package struct STSServiceError: Error, Sendable, Equatable, CustomStringConvertible {
    /// `Sender` or `Receiver`: whose fault STS thinks it was.
    package var type: String?
    /// `AccessDenied`, `IDPRejectedClaim`, `ValidationError`, …
    package var code: String
    /// AWS's message, sanitised.
    package var message: String
    package var requestID: String?

    package init(type: String?, code: String, message: String, requestID: String?) {
        self.type = type
        self.code = code
        self.message = Self.sanitised(message)
        self.requestID = requestID
    }

    /// Reads `<ErrorResponse><Error><Type/><Code/><Message/></Error><RequestId/></ErrorResponse>`.
    init(errorResponse root: PlainXMLElement) throws(AssumeRoleWithSAMLError) {
        let namespace = root.namespace
        guard let error = root.child("Error", in: namespace), let code = error.child("Code", in: namespace)?.text, !code.isEmpty else {
            throw .unreadableResponse("its ErrorResponse has no Error Code")
        }
        self.init(
            type: error.child("Type", in: namespace)?.text, code: code, message: error.child("Message", in: namespace)?.text ?? "",
            requestID: root.child("RequestId", in: namespace)?.text)
    }

    /// What to fix, for the codes Portico knows; nil for others, whose AWS message is all there is.
    package var remedy: String? {
        switch code {
        case "AccessDenied":
            return "The role does not let Portico's SAML provider assume it: its trust policy must allow sts:AssumeRoleWithSAML "
                + "(and sts:TagSession) for the account's Portico SAML provider, with SAML:aud the AWS sign-in URL. "
                + "Deploy the account's setup from Portico again, or check that the role and provider names match it."
        case "InvalidIdentityToken", "IDPRejectedClaim":
            return "AWS did not accept Portico's signed assertion: the account's SAML provider in IAM must hold Portico's current "
                + "metadata (its signing certificate changes when Portico's key is rotated), and the provider ARN must be that provider's. "
                + "Upload Portico's metadata to the provider again."
        case "ValidationError" where message.lowercased().contains("duration"):
            return "The session is longer than the role allows: the role's MaxSessionDuration must be at least the permission set's "
                + "session duration. Deploy the account's setup from Portico again, or shorten the permission set's session."
        case "ExpiredTokenException":
            return "The assertion had expired when STS read it: check that the Portico server's clock is right (NTP) "
                + "and try again."
        case "RegionDisabledException":
            return "STS is not activated in this region for the account: activate the region in the account's IAM settings, "
                + "or set Portico's STS endpoint to the global endpoint or a region the account uses."
        case "MalformedPolicyDocument":
            return "STS found the session policy malformed: check the permission set's policies and session tags in Portico."
        case "PackedPolicyTooLarge":
            return "The session policies and session tags are too large once packed: give the user fewer or shorter "
                + "session tags (PrincipalTag attributes) or the permission set a smaller session policy."
        case "Throttling":
            return "STS is throttling requests for the account: wait a moment and try again."
        default:
            return nil
        }
    }

    package var description: String {
        var text = "STS refused AssumeRoleWithSAML (\(code))"
        if let remedy { text += ". \(remedy)" }
        if !message.isEmpty { text += " AWS says: \(message)" }
        if let requestID, !requestID.isEmpty { text += " (request ID \(requestID.prefix(64)))" }
        return text
    }

    private static let maximumMessageLength = 512
    /// Runs of base64 at least this long are removed: longer than any ARN segment, shorter than any assertion.
    private static let redactedRunLength = 100

    /// AWS's message without control characters or long base64 runs, at most `maximumMessageLength` characters.
    private static func sanitised(_ message: String) -> String {
        var output = ""
        var run = ""
        func flush() {
            output += run.count >= redactedRunLength ? "<redacted>" : run
            run = ""
        }
        for character in message {
            if character.isASCII, character.isLetter || character.isNumber || character == "+" || character == "/" || character == "=" {
                run.append(character)
                continue
            }
            flush()
            output.append(character.isNewline || character.asciiValue.map { $0 < 0x20 || $0 == 0x7f } == true ? " " : character)
        }
        flush()
        let trimmed = output.split(whereSeparator: { $0 == " " }).joined(separator: " ")
        return trimmed.count > maximumMessageLength ? String(trimmed.prefix(maximumMessageLength)) + "…" : trimmed
    }
}
