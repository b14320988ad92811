import AWS
import HTTPClient
import Testing
import Time

/// Query calls: signing, retries with backoff, the call counts, and IAM's XML read into typed values.
struct AWSQueryClientTests {
    static let namespace = "https://iam.amazonaws.com/doc/2010-05-08/"

    static func response(_ action: String, _ result: String) -> (status: Int, body: String) {
        (
            200,
            "<\(action)Response xmlns=\"\(namespace)\"><\(action)Result>\(result)</\(action)Result><ResponseMetadata><RequestId>r</RequestId></ResponseMetadata></\(action)Response>"
        )
    }

    static func error(_ code: String, status: Int = 400, message: String = "no") -> (status: Int, body: String) {
        (
            status,
            "<ErrorResponse xmlns=\"\(namespace)\"><Error><Type>Sender</Type><Code>\(code)</Code><Message>\(message)</Message></Error><RequestId>req-9</RequestId></ErrorResponse>"
        )
    }

    static func client(
        _ transport: ScriptedTransport, sleeper: RecordingSleeper = RecordingSleeper(), counter: AWSCallCounter = AWSCallCounter()
    ) -> IAMClient {
        IAMClient(
            endpoints: AWSEndpoints(partition: .aws),
            credentials: { AWSCredentials(accessKeyID: "AKIDEXAMPLE", secretAccessKey: "secret") },
            transport: transport, retry: AWSRetryPolicy(maximumAttempts: 4, sleep: { sleeper.sleep($0) }, random: { 1 }),
            limit: AWSCallLimit(maximum: 2), counter: counter)
    }

    @Test func signsAFormPostForIAMInUSEast1() throws {
        let transport = ScriptedTransport(xml: [Self.response("DeleteRole", "")])
        try Self.client(transport).deleteRole("Old")
        let request = try #require(transport.requests.first)
        #expect(request.method == "POST" && request.url == "https://iam.amazonaws.com/")
        let authorization = try #require(request.headers.first { $0.name == "Authorization" }?.value)
        #expect(authorization.contains("/us-east-1/iam/aws4_request"))
        #expect(transport.forms[0] == ["Action": "DeleteRole", "Version": "2010-05-08", "RoleName": "Old"])
    }

    @Test func partitionsHaveTheirOwnEndpointAndSigningRegion() {
        #expect(AWSPartition.usGov.iam == AWSServiceURL(url: "https://iam.us-gov.amazonaws.com/", signingRegion: "us-gov-west-1"))
        #expect(AWSPartition.china.iam == AWSServiceURL(url: "https://iam.cn-north-1.amazonaws.com.cn/", signingRegion: "cn-north-1"))
        let moto = AWSEndpoints(overrideURL: "http://127.0.0.1:5000/")
        #expect(moto.iam.url == "http://127.0.0.1:5000/" && moto.sts.url == moto.iam.url && moto.iam.signingRegion == "us-east-1")
        #expect(AWSPartition.of(arn: "arn:aws-cn:iam::1:role/x") == .china)
    }

    @Test func retriesThrottlingWithGrowingBackoffThenSucceeds() throws {
        let transport = ScriptedTransport(xml: [Self.error("Throttling"), Self.error("x", status: 503), Self.response("DeleteRole", "")])
        let sleeper = RecordingSleeper()
        let counter = AWSCallCounter()
        try Self.client(transport, sleeper: sleeper, counter: counter).deleteRole("Old")
        #expect(sleeper.durations == [.milliseconds(200), .milliseconds(400)])
        #expect(counter.callCount == 3 && counter.writeCallCount == 3)
    }

    @Test func retriesAConnectionFailureAnd429() throws {
        let transport = ScriptedTransport([
            .failure(OutboundError(kind: .couldNotConnect, message: "refused")),
            .success(OutboundResponse(status: 429, headers: [], body: [])),
            .success(
                OutboundResponse(status: 200, headers: [], body: Array(Self.response("ListRolePolicies", "<PolicyNames/>").body.utf8))),
        ])
        #expect(try Self.client(transport).listRolePolicies(roleName: "A") == [])
        #expect(transport.requests.count == 3)
    }

    @Test func givesUpAfterTheLastAttempt() {
        let transport = ScriptedTransport(xml: Array(repeating: Self.error("RequestLimitExceeded"), count: 5))
        let sleeper = RecordingSleeper()
        #expect {
            try Self.client(transport, sleeper: sleeper).deleteRole("Old")
        } throws: { error in
            (error as? AWSCallError)?.serviceError?.code == "RequestLimitExceeded"
        }
        #expect(transport.requests.count == 4 && sleeper.durations.count == 3)
    }

    @Test func doesNotRetryARefusal() {
        let transport = ScriptedTransport(xml: [Self.error("AccessDenied", status: 403, message: "not authorized")])
        let counter = AWSCallCounter()
        #expect {
            try Self.client(transport, counter: counter).attachRolePolicy(roleName: "A", policyARN: "arn:aws:iam::aws:policy/X")
        } throws: { error in
            let service = (error as? AWSCallError)?.serviceError
            return service
                == AWSServiceError(
                    action: "AttachRolePolicy", code: "AccessDenied", message: "not authorized", status: 403, requestID: "req-9")
        }
        #expect(counter.callCount == 1)
    }

    @Test func jitterScalesTheCappedDelay() {
        let policy = AWSRetryPolicy(baseDelay: .seconds(1), maximumDelay: .seconds(5), random: { 0.5 })
        #expect(policy.delay(afterAttempt: 1) == .milliseconds(500))
        #expect(policy.delay(afterAttempt: 10) == .milliseconds(2500))
    }

    // MARK: IAM's responses

    static let role = """
        <Role><Path>/</Path><RoleName>ReadOnly</RoleName><RoleId>AROA1</RoleId><Arn>arn:aws:iam::111122223333:role/ReadOnly</Arn>\
        <CreateDate>2026-01-01T00:00:00Z</CreateDate>\
        <AssumeRolePolicyDocument>%7B%22Version%22%3A%222012-10-17%22%2C%22Statement%22%3A%5B%5D%7D</AssumeRolePolicyDocument>\
        <Description>Read only</Description><MaxSessionDuration>28800</MaxSessionDuration>\
        <Tags><member><Key>portico:managed</Key><Value>true</Value></member><member><Key>team</Key><Value>a b</Value></member></Tags></Role>
        """

    @Test func getRoleDecodesTheTrustPolicyAndReadsTags() throws {
        let transport = ScriptedTransport(xml: [Self.response("GetRole", Self.role), Self.error("NoSuchEntity", status: 404)])
        let client = Self.client(transport)
        let role = try #require(try client.getRole("ReadOnly"))
        #expect(
            role
                == IAMRole(
                    name: "ReadOnly", arn: "arn:aws:iam::111122223333:role/ReadOnly", description: "Read only", maxSessionDuration: 28_800,
                    trustPolicy: #"{"Version":"2012-10-17","Statement":[]}"#, tags: [.managed, IAMTag(key: "team", value: "a b")]))
        #expect(role.isManagedByPortico)
        #expect(try client.getRole("Missing") == nil)
    }

    @Test func createRoleSendsTagsAndSettings() throws {
        let transport = ScriptedTransport(xml: [Self.response("CreateRole", Self.role)])
        _ = try Self.client(transport).createRole(
            IAMRoleDefinition(
                name: "ReadOnly", trustPolicy: "{}", description: "d", maxSessionDuration: 28_800,
                tags: [IAMTag(key: "team", value: "a b"), .managed]))
        let form = transport.forms[0]
        #expect(
            form["MaxSessionDuration"] == "28800" && form["AssumeRolePolicyDocument"] == "{}" && form["Description"] == "d"
                && form["Path"] == "/")
        #expect(
            form["Tags.member.1.Key"] == "team" && form["Tags.member.1.Value"] == "a b" && form["Tags.member.2.Key"] == "portico:managed")
    }

    @Test func listsFollowTheMarker() throws {
        let transport = ScriptedTransport(xml: [
            Self.response(
                "ListAttachedRolePolicies",
                "<AttachedPolicies><member><PolicyName>A</PolicyName><PolicyArn>arn:aws:iam::aws:policy/A</PolicyArn></member></AttachedPolicies><IsTruncated>true</IsTruncated><Marker>m1</Marker>"
            ),
            Self.response(
                "ListAttachedRolePolicies",
                "<AttachedPolicies><member><PolicyName>B</PolicyName><PolicyArn>arn:aws:iam::aws:policy/B</PolicyArn></member></AttachedPolicies><IsTruncated>false</IsTruncated>"
            ),
            Self.response(
                "ListRoles", "<Roles><member>\(Self.role.dropFirst(6).dropLast(7))</member></Roles><IsTruncated>false</IsTruncated>"),
            Self.response(
                "ListRolePolicies", "<PolicyNames><member>one</member><member>two</member></PolicyNames><IsTruncated>false</IsTruncated>"),
            Self.response(
                "GetRolePolicy", "<RoleName>R</RoleName><PolicyName>one</PolicyName><PolicyDocument>%7B%22a%22%3A1%7D</PolicyDocument>"),
        ])
        let client = Self.client(transport)
        #expect(
            try client.listAttachedRolePolicies(roleName: "R").map(\.arn) == ["arn:aws:iam::aws:policy/A", "arn:aws:iam::aws:policy/B"])
        #expect(transport.forms[1]["Marker"] == "m1")
        #expect(try client.listRoles(pathPrefix: nil).map(\.name) == ["ReadOnly"])
        #expect(try client.listRolePolicies(roleName: "R") == ["one", "two"])
        #expect(try client.getRolePolicy(roleName: "R", policyName: "one") == #"{"a":1}"#)
    }

    @Test func readsSAMLProviders() throws {
        let arn = "arn:aws:iam::111122223333:saml-provider/Portico"
        let transport = ScriptedTransport(xml: [
            Self.response(
                "ListSAMLProviders",
                "<SAMLProviderList><member><Arn>\(arn)</Arn><ValidUntil>2030-01-01T00:00:00Z</ValidUntil></member></SAMLProviderList>"),
            Self.response(
                "GetSAMLProvider",
                "<SAMLMetadataDocument>&lt;md/&gt;</SAMLMetadataDocument><Tags><member><Key>portico:managed</Key><Value>true</Value></member></Tags>"
            ),
            Self.response("CreateSAMLProvider", "<SAMLProviderArn>\(arn)</SAMLProviderArn>"),
            Self.response("UpdateSAMLProvider", "<SAMLProviderArn>\(arn)</SAMLProviderArn>"),
        ])
        let client = Self.client(transport)
        #expect(try client.listSAMLProviders() == [arn])
        #expect(try client.getSAMLProvider(arn: arn) == IAMSAMLProvider(arn: arn, metadataDocument: "<md/>", tags: [.managed]))
        #expect(try client.createSAMLProvider(name: "Portico", metadataDocument: "<md/>", tags: [.managed]) == arn)
        try client.updateSAMLProvider(arn: arn, metadataDocument: "<md2/>")
        #expect(transport.forms[2]["Tags.member.1.Key"] == "portico:managed" && transport.forms[3]["SAMLMetadataDocument"] == "<md2/>")
    }

    @Test func anUnexpectedAnswerIsUnreadable() {
        let transport = ScriptedTransport(xml: [(200, "not xml")])
        #expect {
            try Self.client(transport).deleteRole("A")
        } throws: { error in
            if case .unreadableResponse(let action, _, _) = error as? AWSCallError { return action == "DeleteRole" }
            return false
        }
    }

    @Test func assumeRoleCredentialsAreCachedUntilFiveMinutesBeforeExpiry() throws {
        let answer = """
            <AssumeRoleResponse xmlns="https://sts.amazonaws.com/doc/2011-06-15/"><AssumeRoleResult><Credentials>\
            <AccessKeyId>ASIA1</AccessKeyId><SecretAccessKey>s</SecretAccessKey><SessionToken>t</SessionToken>\
            <Expiration>2026-01-01T01:00:00Z</Expiration></Credentials></AssumeRoleResult></AssumeRoleResponse>
            """
        let transport = ScriptedTransport(xml: [(200, answer), (200, answer.replacing("ASIA1", with: "ASIA2"))])
        let clock = ManualClock(Timestamp(seconds: 1_767_225_600))  // 2026-01-01T00:00:00Z
        let sts = AWSQueryClient(
            endpoint: AWSPartition.aws.sts, service: "sts", version: "2011-06-15",
            credentials: { AWSCredentials(accessKeyID: "AKID", secretAccessKey: "k") },
            transport: transport, clock: clock.clock)
        let arn = ProvisioningRoleCredentials.roleARN(partition: .aws, accountID: "111122223333", roleName: "PorticoProvisioning")
        #expect(arn == "arn:aws:iam::111122223333:role/PorticoProvisioning")
        let provider = ProvisioningRoleCredentials(roleARN: arn, sts: sts, clock: clock.clock)
        #expect(try provider.credentials().accessKeyID == "ASIA1")
        clock.advance(seconds: 3_000)
        #expect(try provider.credentials().accessKeyID == "ASIA1")
        clock.advance(seconds: 300)
        #expect(try provider.credentials().accessKeyID == "ASIA2")
        #expect(transport.forms[0]["RoleArn"] == arn && transport.forms[0]["Action"] == "AssumeRole")
    }
}
