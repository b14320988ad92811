import AWS
import Domain
import Foundation
import HTTPClient
import Testing

/// `moto_server` in the repository's Python environment (`.venv`, beside the checkout or beside the main
/// worktree of a linked one), or nil when there is none.
private let motoServer: String? = {
    let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
    var roots = [root.path]
    // A linked worktree's .git is a file naming <main>/.git/worktrees/<name>.
    if let link = try? String(contentsOf: root.appendingPathComponent(".git"), encoding: .utf8), link.hasPrefix("gitdir: "),
        let range = link.range(of: "/.git/worktrees/")
    {
        roots.append(String(link[link.index(link.startIndex, offsetBy: 8)..<range.lowerBound]))
    }
    return roots.map { $0 + "/.venv/bin/moto_server" }.first { FileManager.default.isExecutableFile(atPath: $0) }
}()

/// AWSQueryClient and IAMClient against moto in server mode: the wire format end to end.
@Suite(.enabled(if: motoServer != nil, "no .venv/bin/moto_server: create the venv as Tests/Interop/README describes to run this test"))
struct IAMMotoTests {
    @Test func createsReadsAndDeletesARoleAndReconcilesAnAccount() throws {
        let port = try freePort()
        let server = Process()
        server.executableURL = URL(fileURLWithPath: motoServer!)
        server.arguments = ["-H", "127.0.0.1", "-p", String(port)]
        server.environment = ProcessInfo.processInfo.environment.merging([
            "MOTO_ACCOUNT_ID": "111122223333", "MOTO_IAM_LOAD_MANAGED_POLICIES": "true",
        ]) { $1 }
        server.standardOutput = FileHandle.nullDevice
        server.standardError = FileHandle.nullDevice
        try server.run()
        defer {
            // moto's server outlives SIGTERM while a connection lingers.
            kill(server.processIdentifier, SIGKILL)
            server.waitUntilExit()
        }
        let counter = AWSCallCounter()
        let iam = IAMClient(
            endpoints: AWSEndpoints(overrideURL: "http://127.0.0.1:\(port)/"),
            credentials: { AWSCredentials(accessKeyID: "AKIDEXAMPLE", secretAccessKey: "secret") },
            transport: HTTPSClient(connectTimeout: .seconds(1), totalTimeout: .seconds(5)),
            retry: AWSRetryPolicy(maximumAttempts: 40, baseDelay: .milliseconds(100), maximumDelay: .milliseconds(200)), counter: counter)

        // The first call is retried while moto starts.
        let trust =
            #"{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":{"Service":"ec2.amazonaws.com"},"Action":"sts:AssumeRole"}]}"#
        let created = try iam.createRole(
            IAMRoleDefinition(name: "Probe", trustPolicy: trust, description: "probe", maxSessionDuration: 7_200, tags: [.managed]))
        #expect(created.arn == "arn:aws:iam::111122223333:role/Probe")
        let read = try #require(try iam.getRole("Probe"))
        #expect(read.maxSessionDuration == 7_200 && read.description == "probe" && read.isManagedByPortico)
        #expect(IAMPolicyDocument.equivalent(read.trustPolicy, trust))
        try iam.deleteRole("Probe")
        #expect(try iam.getRole("Probe") == nil)

        let set = PermissionSet(
            name: "Admin", sessionDuration: ISODuration(seconds: 14_400), managedPolicyARNs: ["arn:aws:iam::aws:policy/ReadOnlyAccess"],
            inlinePolicy: #"{"Version":"2012-10-17","Statement":[{"Effect":"Deny","Action":["iam:*"],"Resource":"*"}]}"#,
            tags: ["team": "a b"])
        let setup = AWSAccountSetup(
            accountID: "111122223333", accountName: "moto", samlProviderName: "Portico", metadataXML: samlMetadata,
            signInURL: "https://signin.aws.amazon.com/saml", roles: [AWSAccountSetup.Role(name: "Admin", permissionSet: set)])
        let reconciler = AccountReconciler(setup: setup, iam: iam)
        try reconciler.apply(try reconciler.plan())
        let writes = counter.writeCallCount
        let second = try reconciler.plan()
        #expect(second.lines == [])
        #expect(counter.writeCallCount == writes)
        let role = try #require(try iam.getRole("Admin"))
        #expect(role.maxSessionDuration == 14_400 && role.tags.contains(IAMTag(key: "team", value: "a b")))
        #expect(try iam.listAttachedRolePolicies(roleName: "Admin").map(\.arn) == ["arn:aws:iam::aws:policy/ReadOnlyAccess"])
    }
}

private let samlMetadata = """
    <?xml version="1.0" encoding="UTF-8"?>
    <md:EntityDescriptor xmlns:md="urn:oasis:names:tc:SAML:2.0:metadata" entityID="https://portico.example/saml/metadata">
      <md:IDPSSODescriptor protocolSupportEnumeration="urn:oasis:names:tc:SAML:2.0:protocol">
        <md:SingleSignOnService Binding="urn:oasis:names:tc:SAML:2.0:bindings:HTTP-Redirect" Location="https://portico.example/saml/sso"/>
      </md:IDPSSODescriptor>
    </md:EntityDescriptor>
    """

/// A loopback port nothing listens on now: bound, read, closed.
private func freePort() throws -> Int {
    let descriptor = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
    defer { close(descriptor) }
    var address = sockaddr_in()
    address.sin_family = sa_family_t(AF_INET)
    address.sin_addr.s_addr = inet_addr("127.0.0.1")
    address.sin_port = 0
    var length = socklen_t(MemoryLayout<sockaddr_in>.size)
    let bound = withUnsafeMutablePointer(to: &address) {
        $0.withMemoryRebound(to: sockaddr.self, capacity: 1) {
            bind(descriptor, $0, length) == 0 && getsockname(descriptor, $0, &length) == 0
        }
    }
    try #require(bound)
    return Int(UInt16(bigEndian: address.sin_port))
}
