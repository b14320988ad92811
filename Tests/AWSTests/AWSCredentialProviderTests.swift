import AWS
import Foundation
import HTTPClient
import HTTPServer
import Synchronization
import Testing
import Time

/// A loopback stand-in for AWS's metadata services and STS, answering through `answer` and recording each request.
final class MetadataDouble: HTTPResponder {
    let requests = Mutex<[String]>([])
    let answer: @Sendable (HTTPRequest) -> HTTPResponse

    init(_ answer: @escaping @Sendable (HTTPRequest) -> HTTPResponse) { self.answer = answer }

    func respond(to request: HTTPRequest, context: HTTPResponderContext) -> HTTPReply {
        requests.withLock { $0.append("\(request.method.rawValue) \(request.head.target)") }
        return .response(answer(request))
    }

    /// Serves on a loopback port for the length of `body`, which gets the base URL.
    func serve(_ body: (String) throws -> Void) throws {
        let server = HTTPServer(
            configuration: HTTPServerConfiguration(host: "127.0.0.1", port: 0, loopCount: 1, workerCount: 1), responder: self)
        try server.start()
        defer {
            server.shutdown()
            server.wait()
        }
        try body("http://127.0.0.1:\(server.port)")
    }
}

let metadataJSON =
    #"{"Code":"Success","AccessKeyId":"ASIAMETA","SecretAccessKey":"meta-secret","Token":"meta-token","Expiration":"2030-01-01T00:00:00Z"}"#

/// Where Portico's own AWS credentials come from, each source with hermetic inputs.
struct AWSCredentialProviderTests {
    static func temporaryFile(_ text: String) throws -> String {
        let path = NSTemporaryDirectory() + "portico-aws-\(UUID().uuidString)"
        try text.write(toFile: path, atomically: true, encoding: .utf8)
        return path
    }

    @Test func environmentKeysWithAndWithoutASession() throws {
        let keys = try EnvironmentCredentialProvider(environment: ["AWS_ACCESS_KEY_ID": "AKID", "AWS_SECRET_ACCESS_KEY": "secret"])
            .credentials()
        #expect(keys == AWSCredentials(accessKeyID: "AKID", secretAccessKey: "secret"))
        let session = try EnvironmentCredentialProvider(
            environment: ["AWS_ACCESS_KEY_ID": "ASIA", "AWS_SECRET_ACCESS_KEY": "secret", "AWS_SESSION_TOKEN": "token"]
        ).credentials()
        #expect(session.sessionToken == "token")
    }

    @Test func environmentWithHalfAKeyFailsWithoutQuotingIt() {
        #expect(
            throws: AWSCredentialError(
                source: "environment", kind: .failed, reason: "AWS_ACCESS_KEY_ID is set but AWS_SECRET_ACCESS_KEY is not")
        ) {
            try EnvironmentCredentialProvider(environment: ["AWS_ACCESS_KEY_ID": "AKID"]).credentials()
        }
        #expect(throws: AWSCredentialError(source: "environment", kind: .notConfigured, reason: "AWS_ACCESS_KEY_ID is not set")) {
            try EnvironmentCredentialProvider(environment: [:]).credentials()
        }
    }

    @Test func sharedFilesReadTheProfileFromCredentialsThenConfig() throws {
        let credentials = try Self.temporaryFile(
            "# keys\n[default]\naws_access_key_id = AKIDDEFAULT\naws_secret_access_key = s1\n\n[work]\naws_access_key_id=AKIDWORK\naws_secret_access_key=s2\naws_session_token=t2\n"
        )
        let config = try Self.temporaryFile(
            "[profile other]\nregion = eu-west-1\naws_access_key_id = AKIDOTHER\naws_secret_access_key = s3\n")
        defer {
            try? FileManager.default.removeItem(atPath: credentials)
            try? FileManager.default.removeItem(atPath: config)
        }
        let files = ["AWS_SHARED_CREDENTIALS_FILE": credentials, "AWS_CONFIG_FILE": config]
        #expect(try SharedFileCredentialProvider(environment: files).credentials().accessKeyID == "AKIDDEFAULT")
        let work = try SharedFileCredentialProvider(environment: files.merging(["AWS_PROFILE": "work"]) { $1 }).credentials()
        #expect(work == AWSCredentials(accessKeyID: "AKIDWORK", secretAccessKey: "s2", sessionToken: "t2"))
        #expect(
            try SharedFileCredentialProvider(environment: files.merging(["AWS_PROFILE": "other"]) { $1 }).credentials().accessKeyID
                == "AKIDOTHER")
        #expect(throws: AWSCredentialError.self) {
            try SharedFileCredentialProvider(environment: files.merging(["AWS_PROFILE": "missing"]) { $1 }).credentials()
        }
    }

    @Test func sharedFilesRefuseAProfileThatAssumesARole() throws {
        let config = try Self.temporaryFile("[profile admin]\nrole_arn = arn:aws:iam::123456789012:role/Admin\nsource_profile = default\n")
        defer { try? FileManager.default.removeItem(atPath: config) }
        let environment = ["AWS_SHARED_CREDENTIALS_FILE": "/nonexistent", "AWS_CONFIG_FILE": config, "AWS_PROFILE": "admin"]
        let error = #expect(throws: AWSCredentialError.self) { try SharedFileCredentialProvider(environment: environment).credentials() }
        #expect(error?.kind == .failed)
        #expect(error?.reason.contains("no static keys") == true)
    }

    @Test func containerEndpointWithFullURIAndTokenFile() throws {
        let tokenFile = try Self.temporaryFile("pod-token\n")
        defer { try? FileManager.default.removeItem(atPath: tokenFile) }
        let double = MetadataDouble { request in
            guard request.head.headers["Authorization"] == "pod-token" else { return HTTPResponse(status: .unauthorized) }
            return HTTPResponse(contentType: "application/json", body: metadataJSON)
        }
        try double.serve { base in
            let provider = ContainerCredentialProvider(environment: [
                "AWS_CONTAINER_CREDENTIALS_FULL_URI": "\(base)/v2/credentials/abc", "AWS_CONTAINER_AUTHORIZATION_TOKEN_FILE": tokenFile,
            ])
            let credentials = try provider.credentials()
            #expect(
                credentials
                    == AWSCredentials(
                        accessKeyID: "ASIAMETA", secretAccessKey: "meta-secret", sessionToken: "meta-token", expiration: 1_893_456_000))
            let wrongToken = ContainerCredentialProvider(environment: [
                "AWS_CONTAINER_CREDENTIALS_FULL_URI": "\(base)/v2/credentials/abc", "AWS_CONTAINER_AUTHORIZATION_TOKEN": "other",
            ])
            #expect(
                throws: AWSCredentialError(source: "container endpoint", kind: .failed, reason: "\(base)/v2/credentials/abc answered 401")
            ) {
                try wrongToken.credentials()
            }
        }
        #expect(double.requests.withLock { $0 } == ["GET /v2/credentials/abc", "GET /v2/credentials/abc"])
    }

    @Test func instanceMetadataUsesAnIMDSv2SessionToken() throws {
        let double = MetadataDouble { request in
            if request.method.rawValue == "PUT" {
                guard request.head.target == "/latest/api/token", request.head.headers["X-aws-ec2-metadata-token-ttl-seconds"] == "21600"
                else {
                    return HTTPResponse(status: .badRequest)
                }
                return HTTPResponse(contentType: "text/plain", body: "imds-session")
            }
            guard request.head.headers["X-aws-ec2-metadata-token"] == "imds-session" else { return HTTPResponse(status: .unauthorized) }
            switch request.head.target {
            case "/latest/meta-data/iam/security-credentials/": return HTTPResponse(contentType: "text/plain", body: "portico-role\n")
            case "/latest/meta-data/iam/security-credentials/portico-role":
                return HTTPResponse(contentType: "text/plain", body: metadataJSON)
            default: return HTTPResponse(status: .notFound)
            }
        }
        try double.serve { base in
            let credentials = try InstanceMetadataCredentialProvider(environment: ["AWS_EC2_METADATA_SERVICE_ENDPOINT": base + "/"])
                .credentials()
            #expect(credentials.accessKeyID == "ASIAMETA")
            #expect(credentials.expiration == 1_893_456_000)
        }
        #expect(
            double.requests.withLock { $0 } == [
                "PUT /latest/api/token", "GET /latest/meta-data/iam/security-credentials/",
                "GET /latest/meta-data/iam/security-credentials/portico-role",
            ])
    }

    @Test func instanceMetadataCanBeTurnedOffAndIsSkippedWhenNothingAnswers() throws {
        let disabled = #expect(throws: AWSCredentialError.self) {
            try InstanceMetadataCredentialProvider(environment: ["AWS_EC2_METADATA_DISABLED": "true"]).credentials()
        }
        #expect(disabled?.kind == .notConfigured)
        // Port 1 on loopback refuses at once.
        let absent = #expect(throws: AWSCredentialError.self) {
            try InstanceMetadataCredentialProvider(environment: ["AWS_EC2_METADATA_SERVICE_ENDPOINT": "http://127.0.0.1:1"]).credentials()
        }
        #expect(absent?.kind == .notConfigured)
    }

    @Test func webIdentityExchangesTheTokenAtSTS() throws {
        let tokenFile = try Self.temporaryFile("eyJhbGciOi.web.token\n")
        defer { try? FileManager.default.removeItem(atPath: tokenFile) }
        let bodies = Mutex<[String]>([])
        let double = MetadataDouble { request in
            bodies.withLock { $0.append(String(decoding: request.body, as: UTF8.self)) }
            let xml = """
                <AssumeRoleWithWebIdentityResponse xmlns="https://sts.amazonaws.com/doc/2011-06-15/">
                  <AssumeRoleWithWebIdentityResult><Credentials>
                    <AccessKeyId>ASIAWEB</AccessKeyId><SecretAccessKey>web-secret</SecretAccessKey>
                    <SessionToken>web-token</SessionToken><Expiration>2030-01-01T00:00:00Z</Expiration>
                  </Credentials></AssumeRoleWithWebIdentityResult>
                </AssumeRoleWithWebIdentityResponse>
                """
            return HTTPResponse(contentType: "text/xml", body: xml)
        }
        try double.serve { base in
            let provider = WebIdentityCredentialProvider(
                environment: [
                    "AWS_WEB_IDENTITY_TOKEN_FILE": tokenFile, "AWS_ROLE_ARN": "arn:aws:iam::123456789012:role/Portico",
                    "AWS_ROLE_SESSION_NAME": "portico-test",
                ], endpoint: try STSEndpoint.parse(base))
            #expect(
                try provider.credentials()
                    == AWSCredentials(
                        accessKeyID: "ASIAWEB", secretAccessKey: "web-secret", sessionToken: "web-token", expiration: 1_893_456_000))
        }
        #expect(
            bodies.withLock { $0 } == [
                "Action=AssumeRoleWithWebIdentity&Version=2011-06-15&RoleArn=arn%3Aaws%3Aiam%3A%3A123456789012%3Arole%2FPortico"
                    + "&RoleSessionName=portico-test&WebIdentityToken=eyJhbGciOi.web.token"
            ])
    }

    @Test func webIdentityReportsSTSsRefusal() throws {
        let tokenFile = try Self.temporaryFile("token")
        defer { try? FileManager.default.removeItem(atPath: tokenFile) }
        let double = MetadataDouble { _ in
            HTTPResponse(
                status: .forbidden, contentType: "text/xml",
                body:
                    "<ErrorResponse><Error><Type>Sender</Type><Code>AccessDenied</Code><Message>Not authorized</Message></Error></ErrorResponse>"
            )
        }
        try double.serve { base in
            let provider = WebIdentityCredentialProvider(
                environment: ["AWS_WEB_IDENTITY_TOKEN_FILE": tokenFile, "AWS_ROLE_ARN": "arn:aws:iam::123456789012:role/Portico"],
                endpoint: try STSEndpoint.parse(base))
            let error = #expect(throws: AWSCredentialError.self) { try provider.credentials() }
            #expect(error?.source == "web identity")
            #expect(error?.reason.contains("AccessDenied") == true)
        }
    }

    @Test func chainTakesTheFirstConfiguredSourceInOrder() throws {
        let credentials = try Self.temporaryFile("[default]\naws_access_key_id = AKIDFILE\naws_secret_access_key = s\n")
        defer { try? FileManager.default.removeItem(atPath: credentials) }
        let endpoint = try STSEndpoint.parse("http://127.0.0.1:1")
        let files = ["AWS_SHARED_CREDENTIALS_FILE": credentials, "AWS_CONFIG_FILE": "/nonexistent", "AWS_EC2_METADATA_DISABLED": "true"]
        #expect(try AWSCredentialChain.standard(environment: files, stsEndpoint: endpoint).credentials().accessKeyID == "AKIDFILE")
        let both = files.merging(["AWS_ACCESS_KEY_ID": "AKIDENV", "AWS_SECRET_ACCESS_KEY": "s"]) { $1 }
        #expect(try AWSCredentialChain.standard(environment: both, stsEndpoint: endpoint).credentials().accessKeyID == "AKIDENV")
        // A configured source that fails stops the chain instead of falling through to the file.
        let broken = files.merging(["AWS_WEB_IDENTITY_TOKEN_FILE": "/nonexistent/token"]) { $1 }
        let error = #expect(throws: AWSCredentialError.self) {
            try AWSCredentialChain.standard(environment: broken, stsEndpoint: endpoint).credentials()
        }
        #expect(error?.source == "web identity")
    }

    @Test func chainWithNothingConfiguredSaysWhyEachSourceWasSkipped() throws {
        let environment = ["HOME": "/nonexistent", "AWS_EC2_METADATA_DISABLED": "true"]
        let error = #expect(throws: AWSCredentialError.self) {
            try AWSCredentialChain.standard(environment: environment, stsEndpoint: .global).credentials()
        }
        #expect(
            error?.description
                == "credential chain: no AWS credentials found (environment: AWS_ACCESS_KEY_ID is not set; "
                + "web identity: AWS_WEB_IDENTITY_TOKEN_FILE is not set; "
                + "shared files: neither /nonexistent/.aws/credentials nor /nonexistent/.aws/config can be read; "
                + "container endpoint: neither AWS_CONTAINER_CREDENTIALS_RELATIVE_URI nor AWS_CONTAINER_CREDENTIALS_FULL_URI is set; "
                + "instance metadata: AWS_EC2_METADATA_DISABLED is true)")
    }

    @Test func cacheRefreshesFiveMinutesBeforeExpiry() throws {
        let clock = ManualClock(epochSeconds: 1_000_000)
        let source = CountingProvider(lifetime: 3600, clock: clock)
        let cache = CachingCredentialProvider(source, clock: clock.clock)
        #expect(try cache.credentials().accessKeyID == "KEY1")
        clock.advance(seconds: 3600 - 301)
        #expect(try cache.credentials().accessKeyID == "KEY1")
        clock.advance(seconds: 1)
        #expect(try cache.credentials().accessKeyID == "KEY2")
        #expect(source.calls.withLock { $0 } == 2)
    }

    @Test func cacheKeepsKeysThatDoNotExpire() throws {
        let clock = ManualClock(epochSeconds: 1_000_000)
        let source = CountingProvider(lifetime: nil, clock: clock)
        let cache = CachingCredentialProvider(source, clock: clock.clock)
        clock.advance(seconds: 10_000_000)
        _ = try cache.credentials()
        _ = try cache.credentials()
        #expect(source.calls.withLock { $0 } == 1)
    }
}

/// A source that hands out `KEY1`, `KEY2`, … each valid for `lifetime` seconds from the clock's present.
final class CountingProvider: AWSCredentialProvider {
    let calls = Mutex(0)
    let lifetime: Int64?
    let clock: ManualClock

    init(lifetime: Int64?, clock: ManualClock) {
        self.lifetime = lifetime
        self.clock = clock
    }

    func credentials() throws(AWSCredentialError) -> AWSCredentials {
        let call = calls.withLock {
            $0 += 1
            return $0
        }
        return AWSCredentials(
            accessKeyID: "KEY\(call)", secretAccessKey: "s", expiration: lifetime.map { Int64(clock.epochSeconds) + $0 })
    }
}
