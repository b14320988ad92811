import AWS
import Foundation
import Testing

/// AWS's Signature Version 4 test suite, each case checked step by step: the canonical request, the string to sign
/// and the Authorization header.
///
/// The fixtures in `Fixtures/sigv4` are AWS's suite as botocore ships it: `boto/botocore`,
/// `tests/unit/auth/aws4_testsuite/` at commit 0e6e2404b85dc336dd2889814e089bde7d1a4c55 (Apache 2.0, AWS's LICENSE
/// and NOTICE beside them), without the `.sreq` files. Every case uses the same keys, time, region and service.
struct SigV4SignerTests {
    static let credentials = AWSCredentials(accessKeyID: "AKIDEXAMPLE", secretAccessKey: "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY")
    /// 2015-08-30T12:36:00Z.
    static let suiteTime: Int64 = 1_440_938_160

    /// The session tokens the suite signs with; `post-sts-header-after` adds its token after signing, so it is
    /// signed without one.
    static let sessionTokens = [
        "get-vanilla-with-session-token": "6e86291e8372ff2a2260956d9b8aae1d763fbf315fa00fa31553b73ebf194267",
        "post-sts-header-before":
            "AQoDYXdzEPT//////////wEXAMPLEtc764bNrC9SAPBSM22wDOk4x4HIZ8j4FZTwdQWLWsKWHGBuFqwAeMicRXmxfpSPfIeoIYRqTflfKD8YUuwthAx7mSEI/"
            + "qkPpKPi/kMcGdQrmGdeehM4IC1NtBmUpp2wUE8phUZampKsburEDy0KPkyQDYwT7WZ0wq5VSXDvp75YU9HFvlRd8Tx6q6fE8YQcHNVXAkiY9q6d+xo0rKwT3"
            + "8xVqr7ZD0u0iPPkUL64lIZbqBAz+scqKmlzm8FDrypNC9Yjc8fPOLn9FX9KSYvKTr4rvx3iSIlTJabIQwj2ICCR/oLxBA==",
    ]

    static let cases: [String] = {
        let root = Bundle.module.resourceURL!.appendingPathComponent("Fixtures/sigv4")
        let files = FileManager.default.enumerator(atPath: root.path)?.compactMap { $0 as? String } ?? []
        return files.filter { $0.hasSuffix(".req") }.map { String($0.dropLast(4)) }.sorted()
    }()

    @Test func suiteHasEveryCase() {
        #expect(Self.cases.count == 34)
    }

    @Test(arguments: cases)
    func signsLikeAWSsTestSuite(path: String) throws {
        let suiteCase = try SuiteCase(path: path)
        let name = String(path.split(separator: "/").last!)
        var credentials = Self.credentials
        credentials.sessionToken = Self.sessionTokens[name]
        let signer = SigV4Signer(credentials: credentials, region: "us-east-1", service: "service")
        let signature = signer.signature(
            method: suiteCase.method, url: suiteCase.url, headers: suiteCase.headers, body: suiteCase.body, at: Self.suiteTime)

        #expect(signature.canonicalRequest == suiteCase.expected("creq"))
        #expect(signature.stringToSign == suiteCase.expected("sts"))
        #expect(signature.authorization == suiteCase.expected("authz"))
        let headers = signer.sign(
            method: suiteCase.method, url: suiteCase.url, headers: suiteCase.headers, body: suiteCase.body, at: Self.suiteTime)
        #expect(headers.filter { $0.name == "Authorization" }.map(\.value) == [suiteCase.expected("authz")])
        #expect(headers.filter { $0.name == "X-Amz-Date" }.map(\.value) == ["20150830T123600Z"])
    }

    @Test func addsHostAndSessionTokenAndReplacesStaleFields() {
        let credentials = AWSCredentials(accessKeyID: "AKID", secretAccessKey: "secret", sessionToken: "token")
        let signer = SigV4Signer(credentials: credentials, region: "eu-west-1", service: "iam")
        let headers = signer.sign(
            method: "POST", url: "https://iam.amazonaws.com:443/",
            headers: [(name: "Content-Type", value: "application/x-www-form-urlencoded"), (name: "authorization", value: "stale")],
            body: Array("Action=ListRoles&Version=2010-05-08".utf8), at: Self.suiteTime)
        #expect(headers.map(\.name) == ["Host", "Content-Type", "X-Amz-Date", "X-Amz-Security-Token", "Authorization"])
        #expect(headers[0].value == "iam.amazonaws.com")
        #expect(headers[3].value == "token")
        #expect(
            headers[4].value.hasPrefix(
                "AWS4-HMAC-SHA256 Credential=AKID/20150830/eu-west-1/iam/aws4_request, SignedHeaders=content-type;host;x-amz-date;x-amz-security-token, "
            ))
    }

    @Test func hostKeepsAPortThatIsNotTheDefault() {
        let signer = SigV4Signer(credentials: Self.credentials, region: "us-east-1", service: "sts")
        let headers = signer.sign(method: "GET", url: "http://127.0.0.1:5000/?Action=GetCallerIdentity", headers: [], body: [], at: 0)
        #expect(headers.first { $0.name == "Host" }?.value == "127.0.0.1:5000")
        #expect(headers.first { $0.name == "X-Amz-Date" }?.value == "19700101T000000Z")
    }

    @Test func descriptionShowsTheKeyIDOnly() {
        let credentials = AWSCredentials(
            accessKeyID: "ASIAEXAMPLE", secretAccessKey: "s3cr3t", sessionToken: "t0k3n", expiration: 1_700_000_000)
        for text in [credentials.description, String(reflecting: credentials), "\(credentials)"] {
            #expect(text.contains("ASIAEXAMPLE"))
            #expect(!text.contains("s3cr3t"))
            #expect(!text.contains("t0k3n"))
        }
        var dumped = ""
        dump(credentials, to: &dumped)
        #expect(!dumped.contains("s3cr3t") && !dumped.contains("t0k3n"))
    }
}

/// One case of the suite: the request from its `.req` file and the expected steps beside it.
private struct SuiteCase {
    var directory: URL
    var name: String
    var method: String
    var url: String
    var headers: [(name: String, value: String)]
    var body: [UInt8]

    init(path: String) throws {
        let file = Bundle.module.resourceURL!.appendingPathComponent("Fixtures/sigv4").appendingPathComponent(path + ".req")
        directory = file.deletingLastPathComponent()
        name = file.deletingPathExtension().lastPathComponent
        let text = try String(contentsOf: file, encoding: .utf8)
        let (head, body) =
            text.firstRange(of: "\n\n").map { (String(text[..<$0.lowerBound]), String(text[$0.upperBound...])) } ?? (text, "")
        self.body = Array(body.utf8)
        var lines = head.split(separator: "\n", omittingEmptySubsequences: false)
        // The request target may hold a space (get-space), so it runs from the first space to the last.
        let requestLine = lines.removeFirst()
        let firstSpace = requestLine.firstIndex(of: " ")!
        let lastSpace = requestLine.lastIndex(of: " ")!
        method = String(requestLine[..<firstSpace])
        let target = requestLine[requestLine.index(after: firstSpace)..<lastSpace]
        headers = []
        for line in lines where !line.isEmpty {
            if line.first == " " || line.first == "\t" {
                // An obsolete folded line (get-header-value-multiline) continues the previous value.
                headers[headers.count - 1].value += " " + line
            } else {
                let colon = line.firstIndex(of: ":")!
                headers.append((name: String(line[..<colon]), value: String(line[line.index(after: colon)...])))
            }
        }
        let host = headers.first { $0.name.lowercased() == "host" }!.value
        url = "https://\(host)\(target)"
        // The signer adds these itself.
        headers.removeAll { ["x-amz-date", "x-amz-security-token"].contains($0.name.lowercased()) }
    }

    func expected(_ step: String) -> String {
        (try? String(contentsOf: directory.appendingPathComponent("\(name).\(step)"), encoding: .utf8)) ?? "<no \(name).\(step)>"
    }
}
