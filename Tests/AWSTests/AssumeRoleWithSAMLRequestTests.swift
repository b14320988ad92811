import AWS
import Foundation
import Testing

/// The form STS's `AssumeRoleWithSAML` is sent as, and the model's constraints checked before sending.
struct AssumeRoleWithSAMLRequestTests {
    static let roleARN = "arn:aws:iam::111122223333:role/portico/ReadOnlyAccess"
    static let providerARN = "arn:aws:iam::111122223333:saml-provider/Portico"
    /// Stands in for a signed response: characters whose base64 holds `+`, `/` and `=`, and text that form
    /// encoding must escape.
    static let signedResponse = "<samlp:Response ID=\"_a&b\">\u{FB}\u{EF}\u{BF}>??? café + = &amp;</samlp:Response>\n"

    /// Splits an `application/x-www-form-urlencoded` body the way a server does.
    private func decodeForm(_ body: String) throws -> [(String, String)] {
        try body.split(separator: "&").map { pair in
            let parts = pair.split(separator: "=", maxSplits: 1, omittingEmptySubsequences: false)
            try #require(parts.count == 2)
            let decode = { (text: Substring) throws -> String in
                try #require(text.replacingOccurrences(of: "+", with: " ").removingPercentEncoding)
            }
            return (try decode(parts[0]), try decode(parts[1]))
        }
    }

    @Test func bodyCarriesEveryFieldFormEncoded() throws {
        let request = try AssumeRoleWithSAMLRequest(
            roleARN: Self.roleARN, principalARN: Self.providerARN, signedResponse: Self.signedResponse, durationSeconds: 28_800)
        let fields = try decodeForm(request.body)
        #expect(fields.map(\.0) == ["Action", "Version", "RoleArn", "PrincipalArn", "SAMLAssertion", "DurationSeconds"])
        #expect(fields[0].1 == "AssumeRoleWithSAML")
        #expect(fields[1].1 == "2011-06-15")
        #expect(fields[2].1 == Self.roleARN)
        #expect(fields[3].1 == Self.providerARN)
        #expect(fields[5].1 == "28800")
        let assertion = try #require(Data(base64Encoded: fields[4].1))
        #expect(String(decoding: assertion, as: UTF8.self) == Self.signedResponse)
    }

    @Test func base64SeparatorsAreEscapedSoNoDecoderReadsThemAsSpaces() throws {
        let request = try AssumeRoleWithSAMLRequest(
            roleARN: Self.roleARN, principalARN: Self.providerARN, signedResponse: Self.signedResponse)
        let encoded = Data(Self.signedResponse.utf8).base64EncodedString()
        #expect(encoded.contains("+") && encoded.contains("/") && encoded.contains("="))
        #expect(!request.body.contains("+"))
        #expect(request.body.split(separator: "&").allSatisfy { $0.filter { $0 == "=" }.count == 1 })
        #expect(request.body.contains("RoleArn=arn%3Aaws%3Aiam%3A%3A111122223333%3Arole%2Fportico%2FReadOnlyAccess"))
    }

    @Test func durationIsLeftToSTSWhenNotGiven() throws {
        let request = try AssumeRoleWithSAMLRequest(
            roleARN: Self.roleARN, principalARN: Self.providerARN, signedResponse: Self.signedResponse)
        #expect(try decodeForm(request.body).map(\.0) == ["Action", "Version", "RoleArn", "PrincipalArn", "SAMLAssertion"])
    }

    @Test func isAnUnsignedFormPostToTheRoot() throws {
        let request = try AssumeRoleWithSAMLRequest(
            roleARN: Self.roleARN, principalARN: Self.providerARN, signedResponse: Self.signedResponse)
        #expect(AssumeRoleWithSAMLRequest.method == "POST")
        #expect(AssumeRoleWithSAMLRequest.path == "/")
        #expect(request.headers.contains { $0.name == "Content-Type" && $0.value == "application/x-www-form-urlencoded; charset=utf-8" })
        #expect(!request.headers.contains { $0.name.lowercased() == "authorization" })
    }

    @Test(arguments: [900, 3_600, 43_200])
    func acceptsDurationsSTSGrants(seconds: Int) throws {
        let request = try AssumeRoleWithSAMLRequest(
            roleARN: Self.roleARN, principalARN: Self.providerARN, signedResponse: Self.signedResponse, durationSeconds: seconds)
        #expect(request.durationSeconds == seconds)
    }

    @Test(arguments: [0, 899, 43_201, -1])
    func refusesDurationsOutsideTheModel(seconds: Int) {
        #expect(throws: AssumeRoleWithSAMLRequestError.durationOutOfRange(seconds)) {
            try AssumeRoleWithSAMLRequest(
                roleARN: Self.roleARN, principalARN: Self.providerARN, signedResponse: Self.signedResponse, durationSeconds: seconds)
        }
    }

    @Test func refusesARNsOutsideTheModel() {
        let short = "arn:aws:iam::1:role"  // 19 characters
        let long = "arn:aws:iam::111122223333:role/" + String(repeating: "r", count: 2_018)  // 2049 characters
        #expect(short.count == 19 && long.count == 2_049)
        for arn in [short, long, String(repeating: "x", count: 40)] {
            #expect(throws: AssumeRoleWithSAMLRequestError.invalidRoleARN(arn)) {
                try AssumeRoleWithSAMLRequest(roleARN: arn, principalARN: Self.providerARN, signedResponse: Self.signedResponse)
            }
            #expect(throws: AssumeRoleWithSAMLRequestError.invalidPrincipalARN(arn)) {
                try AssumeRoleWithSAMLRequest(roleARN: Self.roleARN, principalARN: arn, signedResponse: Self.signedResponse)
            }
        }
        let longest = "arn:aws:iam::111122223333:role/" + String(repeating: "r", count: 2_017)
        #expect(throws: Never.self) {
            try AssumeRoleWithSAMLRequest(roleARN: longest, principalARN: Self.providerARN, signedResponse: Self.signedResponse)
        }
    }

    @Test func refusesAssertionsOutsideTheModel() throws {
        #expect(throws: AssumeRoleWithSAMLRequestError.assertionLength(0)) {
            try AssumeRoleWithSAMLRequest(roleARN: Self.roleARN, principalARN: Self.providerARN, signedResponse: "")
        }
        // 75 000 bytes are exactly 100 000 base64 characters; one byte more needs 100 004.
        let largest = String(repeating: "a", count: 75_000)
        #expect(throws: Never.self) {
            try AssumeRoleWithSAMLRequest(roleARN: Self.roleARN, principalARN: Self.providerARN, signedResponse: largest)
        }
        let error = #expect(throws: AssumeRoleWithSAMLRequestError.assertionLength(100_004)) {
            try AssumeRoleWithSAMLRequest(roleARN: Self.roleARN, principalARN: Self.providerARN, signedResponse: largest + "a")
        }
        #expect(error?.description.contains("100004 base64 characters") == true)
    }

    @Test func descriptionLeavesTheAssertionOut() throws {
        let request = try AssumeRoleWithSAMLRequest(
            roleARN: Self.roleARN, principalARN: Self.providerARN, signedResponse: Self.signedResponse, durationSeconds: 3_600)
        let encoded = Data(Self.signedResponse.utf8).base64EncodedString()
        for text in [String(describing: request), String(reflecting: request), "\(Mirror(reflecting: request).children.map(\.value))"] {
            #expect(!text.contains(encoded.prefix(16)))
            #expect(!text.contains("samlp:Response"))
            #expect(text.contains("<redacted>"))
            #expect(text.contains(Self.roleARN))
        }
    }
}
