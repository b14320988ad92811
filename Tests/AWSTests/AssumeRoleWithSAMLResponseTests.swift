import AWS
import Testing

/// Reading STS's answer to `AssumeRoleWithSAML`: credentials, or an error that says what to fix.
struct AssumeRoleWithSAMLResponseTests {
    static let secret = "wJalrXUtnFEMI/K7MDENG/bPxRfiCYzEXAMPLEKEY"
    static let token = "FwoGZXIvYXdzEBYaDHTOKENEXAMPLE//////////wEaDPorticoSessionTokenExample"

    /// As moto 5.2.1 serialises it (aws-cli-facts §5), with its whitespace.
    static let moto = """
        <AssumeRoleWithSAMLResponse xmlns="https://sts.amazonaws.com/doc/2011-06-15/">
         <AssumeRoleWithSAMLResult>
          <Credentials><AccessKeyId>ASIAQUF6EXAMPLE12345</AccessKeyId><SecretAccessKey>\(secret)</SecretAccessKey>
           <SessionToken>\(token)</SessionToken><Expiration>2026-11-22T21:39:02Z</Expiration></Credentials>
          <AssumedRoleUser><AssumedRoleId>AROA123456789EXAMPLE:alice</AssumedRoleId>
           <Arn>arn:aws:sts::123456789012:assumed-role/Dev/alice</Arn></AssumedRoleUser>
          <PackedPolicySize>123</PackedPolicySize><Subject>AROA123456789EXAMPLE:alice</Subject><SubjectType>persistent</SubjectType>
          <Issuer>http://localhost:3000/</Issuer><Audience>https://signin.aws.amazon.com/saml</Audience>
          <NameQualifier>B64EncodedStringOfHashOfIssuerAccountIdAndUserId=</NameQualifier>
         </AssumeRoleWithSAMLResult>
         <ResponseMetadata><RequestId>c6104cbe-af31-11e0-8154-cbc7ccf896c7</RequestId></ResponseMetadata>
        </AssumeRoleWithSAMLResponse>
        """

    /// As AWS writes it: an XML declaration, a fractional-second expiry, the session's `SourceIdentity`.
    static let aws = """
        <?xml version="1.0" encoding="UTF-8"?>
        <AssumeRoleWithSAMLResponse xmlns="https://sts.amazonaws.com/doc/2011-06-15/">
          <AssumeRoleWithSAMLResult>
            <Audience>https://signin.aws.amazon.com/saml</Audience>
            <AssumedRoleUser>
              <AssumedRoleId>AROAXAMPLEROLEID:alice@example.com</AssumedRoleId>
              <Arn>arn:aws:sts::111122223333:assumed-role/ReadOnlyAccess/alice@example.com</Arn>
            </AssumedRoleUser>
            <Credentials>
              <AccessKeyId>ASIAXAMPLEKEYID00001</AccessKeyId>
              <SecretAccessKey>\(secret)</SecretAccessKey>
              <SessionToken>\(token)</SessionToken>
              <Expiration>2026-12-06T16:05:09.123Z</Expiration>
            </Credentials>
            <Issuer>https://portico.example/saml/metadata</Issuer>
            <NameQualifier>SbdGOnUkh1i4+EXAMPLExL/jEvs=</NameQualifier>
            <PackedPolicySize>6</PackedPolicySize>
            <SourceIdentity>alice@example.com</SourceIdentity>
            <Subject>alice@example.com</Subject>
            <SubjectType>persistent</SubjectType>
          </AssumeRoleWithSAMLResult>
          <ResponseMetadata>
            <RequestId>3b2c9a4e-0000-4000-8000-000000000000</RequestId>
          </ResponseMetadata>
        </AssumeRoleWithSAMLResponse>
        """

    static func errorResponse(code: String, message: String, namespace: Bool = true) -> String {
        """
        <ErrorResponse\(namespace ? " xmlns=\"https://sts.amazonaws.com/doc/2011-06-15/\"" : "")>
          <Error>
            <Type>Sender</Type>
            <Code>\(code)</Code>
            <Message>\(message)</Message>
          </Error>
          <RequestId>0f6b1c2d-1111-4222-8333-444455556666</RequestId>
        </ErrorResponse>
        """
    }

    private func refusalOf(_ body: String) throws -> STSServiceError {
        let error = #expect(throws: AssumeRoleWithSAMLError.self) { try AssumeRoleWithSAMLResponse.parse(body) }
        guard case .refused(let refusal) = error else {
            Issue.record("expected a refusal, got \(String(describing: error))")
            throw error ?? .unreadableResponse("no error")
        }
        return refusal
    }

    @Test func readsMotosShape() throws {
        let response = try AssumeRoleWithSAMLResponse.parse(Self.moto)
        #expect(
            response.credentials
                == STSCredentials(
                    accessKeyID: "ASIAQUF6EXAMPLE12345", secretAccessKey: Self.secret, sessionToken: Self.token, expiration: 1_795_383_542))
        #expect(response.assumedRoleARN == "arn:aws:sts::123456789012:assumed-role/Dev/alice")
        #expect(response.requestID == "c6104cbe-af31-11e0-8154-cbc7ccf896c7")
    }

    @Test func readsAWSsShapeWithFractionalSeconds() throws {
        let response = try AssumeRoleWithSAMLResponse.parse(Self.aws)
        #expect(response.credentials.accessKeyID == "ASIAXAMPLEKEYID00001")
        #expect(response.credentials.secretAccessKey == Self.secret)
        #expect(response.credentials.sessionToken == Self.token)
        #expect(response.credentials.expiration == 1_796_573_109)  // 2026-12-06T16:05:09Z, the fraction dropped
        #expect(response.assumedRoleARN == "arn:aws:sts::111122223333:assumed-role/ReadOnlyAccess/alice@example.com")
        #expect(response.requestID == "3b2c9a4e-0000-4000-8000-000000000000")
    }

    @Test(arguments: [
        (
            "AccessDenied",
            "Not authorized to perform sts:AssumeRoleWithSAML",
            "trust policy must allow sts:AssumeRoleWithSAML"
        ),
        ("InvalidIdentityToken", "Specified provider doesn't exist", "must hold Portico's current metadata"),
        ("IDPRejectedClaim", "Error parsing SAML response", "must hold Portico's current metadata"),
        (
            "ValidationError",
            "The requested DurationSeconds exceeds the MaxSessionDuration set for this role.",
            "role's MaxSessionDuration must be at least the permission set's session duration"
        ),
        ("ExpiredTokenException", "Token has expired", "Portico server's clock"),
        ("RegionDisabledException", "STS is not activated in this region for account:111122223333.", "activate the region"),
        ("MalformedPolicyDocument", "The policy is malformed", "session policy malformed"),
        ("PackedPolicyTooLarge", "Packed size of session tags exceeds 100%", "fewer or shorter session tags"),
        ("Throttling", "Rate exceeded", "wait a moment and try again"),
    ])
    func knownCodesSayWhatToFix(code: String, message: String, remedy: String) throws {
        let refusal = try refusalOf(Self.errorResponse(code: code, message: message))
        #expect(refusal.code == code)
        #expect(refusal.type == "Sender")
        #expect(refusal.message == message)
        #expect(refusal.requestID == "0f6b1c2d-1111-4222-8333-444455556666")
        #expect(refusal.remedy?.contains(remedy) == true)
        #expect(refusal.description.contains(remedy))
        #expect(refusal.description.contains("AWS says: \(message)"))
        #expect(refusal.description.contains("(\(code))"))
    }

    @Test func otherValidationErrorsKeepAWSsMessageAlone() throws {
        let refusal = try refusalOf(Self.errorResponse(code: "ValidationError", message: "Invalid principal ARN"))
        #expect(refusal.remedy == nil)
        #expect(
            refusal.description == "STS refused AssumeRoleWithSAML (ValidationError) AWS says: Invalid principal ARN "
                + "(request ID 0f6b1c2d-1111-4222-8333-444455556666)")
    }

    @Test func unknownCodesKeepAWSsMessage() throws {
        let refusal = try refusalOf(
            Self.errorResponse(code: "InternalFailure", message: "We encountered an internal error.", namespace: false))
        #expect(refusal.code == "InternalFailure")
        #expect(refusal.remedy == nil)
        #expect(refusal.description.contains("AWS says: We encountered an internal error."))
    }

    @Test func longBase64InAWSsMessageIsRemoved() throws {
        let echoed = String(repeating: "PHNhbWxwOlJlc3BvbnNlIElEPSJfYSI+", count: 20)
        let refusal = try refusalOf(
            Self.errorResponse(code: "ValidationError", message: "1 validation error detected: Value '\(echoed)' at 'sAMLAssertion' failed")
        )
        #expect(!refusal.message.contains("PHNhbWxw"))
        #expect(refusal.message == "1 validation error detected: Value '<redacted>' at 'sAMLAssertion' failed")
        let long = try refusalOf(Self.errorResponse(code: "Odd", message: String(repeating: "word ", count: 400)))
        #expect(long.message.count <= 513)
    }

    @Test(arguments: [
        ("not xml at all", "not well-formed XML"),
        ("<AssumeRoleWithSAMLResponse xmlns=\"https://sts.amazonaws.com/doc/2011-06-15/\">", "not well-formed XML"),
        ("<AssumeRoleWithSAMLResponse/>", "root element"),
        ("<Other xmlns=\"https://sts.amazonaws.com/doc/2011-06-15/\"/>", "root element"),
        ("<AssumeRoleWithSAMLResponse xmlns=\"https://sts.amazonaws.com/doc/2011-06-15/\"/>", "no AssumeRoleWithSAMLResult"),
        ("<ErrorResponse><Error><Message>m</Message></Error></ErrorResponse>", "no Error Code"),
    ])
    func refusesWhatIsNeitherShape(body: String, reason: String) {
        let error = #expect(throws: AssumeRoleWithSAMLError.self) { try AssumeRoleWithSAMLResponse.parse(body) }
        guard case .unreadableResponse(let text) = error else {
            Issue.record("expected an unreadable response, got \(String(describing: error))")
            return
        }
        #expect(text.contains(reason))
    }

    @Test func refusesADocumentTypeDeclaration() {
        let body = """
            <?xml version="1.0"?>
            <!DOCTYPE AssumeRoleWithSAMLResponse [<!ENTITY key SYSTEM "file:///etc/passwd">]>
            \(Self.moto.replacingOccurrences(of: "ASIAQUF6EXAMPLE12345", with: "&key;"))
            """
        #expect(throws: AssumeRoleWithSAMLError.unreadableResponse("it declares a DOCTYPE")) { try AssumeRoleWithSAMLResponse.parse(body) }
    }

    @Test func missingOrEmptyCredentialsAreNamedWithoutTheirValues() {
        let noToken = Self.moto.replacingOccurrences(
            of: "<SessionToken>\(Self.token)</SessionToken>", with: "<SessionToken> </SessionToken>")
        #expect(throws: AssumeRoleWithSAMLError.unreadableResponse("its SessionToken is empty or not plain text")) {
            try AssumeRoleWithSAMLResponse.parse(noToken)
        }
        let badExpiry = Self.moto.replacingOccurrences(of: "2026-11-22T21:39:02Z", with: "tomorrow")
        let error = #expect(throws: AssumeRoleWithSAMLError.self) { try AssumeRoleWithSAMLResponse.parse(badExpiry) }
        #expect(error?.description.contains(Self.secret) == false)
        #expect(error?.description.contains("Expiration") == true)
    }

    @Test func credentialsDescriptionLeavesSecretsOut() throws {
        let credentials = try AssumeRoleWithSAMLResponse.parse(Self.aws).credentials
        let texts = [
            String(describing: credentials), String(reflecting: credentials), "\(Mirror(reflecting: credentials).children.map(\.value))",
            String(describing: try AssumeRoleWithSAMLResponse.parse(Self.aws)),
        ]
        for text in texts {
            #expect(!text.contains(Self.secret))
            #expect(!text.contains(Self.token))
            #expect(text.contains("ASIAXAMPLEKEYID00001"))
        }
        #expect(String(describing: credentials).contains("2026-12-06T16:05:09Z"))
    }
}
