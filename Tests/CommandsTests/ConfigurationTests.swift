import Testing

@testable import App
@testable import Commands

/// Parses a `serve` command line, failing the test if it is anything else.
private func serve(
    _ arguments: [String] = [], environment: [String: String] = [:], onlineCores: Int = 4
) throws -> Configuration {
    let command = try Command.parse(arguments: arguments, environment: environment, onlineCores: onlineCores)
    guard case .serve(let configuration) = command else {
        Issue.record("expected serve, got \(command)")
        return Configuration()
    }
    return configuration
}

/// The message a command line is refused with, or `nil` if it is accepted.
private func refusal(_ arguments: [String], environment: [String: String] = [:]) -> String? {
    do {
        _ = try Command.parse(arguments: arguments, environment: environment, onlineCores: 4)
        return nil
    } catch {
        return error.description
    }
}

struct ConfigurationTests {
    @Test func defaultsServeLocallyFromTheCurrentDirectory() throws {
        let configuration = try serve(onlineCores: 6)
        #expect(configuration.listen == Configuration.ListenAddress(host: "127.0.0.1", port: 8080))
        #expect(configuration.dataDirectory == "./data")
        #expect(configuration.baseURL == "http://127.0.0.1:8080")
        #expect(!configuration.isSecure)
        #expect(configuration.workers == 6)
        #expect(configuration.resourcesDirectory == ".")
        #expect(configuration.templatesDirectory == "./Templates")
        #expect(configuration.publicDirectory == "./Public")
        #expect(configuration.firstAdmin == nil)
        #expect(configuration.trustedProxies.isEmpty)
        #expect(!configuration.demo)
    }

    @Test func memberwiseDefaultsMatchAnEmptyCommandLineExceptWorkers() throws {
        #expect(try serve(onlineCores: 1) == Configuration())
    }

    @Test(arguments: [
        ("127.0.0.1:8080", "127.0.0.1", 8080, "http://127.0.0.1:8080"),
        ("127.0.0.1:0", "127.0.0.1", 0, "http://127.0.0.1:0"),
        ("10.1.2.3:65535", "10.1.2.3", 65535, "http://10.1.2.3:65535"),
        ("0.0.0.0:80", "0.0.0.0", 80, "http://localhost"),
        (":8080", "0.0.0.0", 8080, "http://localhost:8080"),
        ("localhost:3000", "127.0.0.1", 3000, "http://127.0.0.1:3000"),
        ("[::1]:9000", "::1", 9000, "http://[::1]:9000"),
        ("[::]:8080", "::", 8080, "http://localhost:8080"),
    ])
    func listenAcceptsAddressesAndDerivesTheBaseURL(text: String, host: String, port: Int, baseURL: String) throws {
        let configuration = try serve(["--listen", text])
        #expect(configuration.listen.host == host)
        #expect(configuration.listen.port == port)
        #expect(configuration.baseURL == baseURL)
    }

    @Test func listenAddressPrintsIPv6InBrackets() {
        #expect(Configuration.ListenAddress(host: "::1", port: 8080).description == "[::1]:8080")
        #expect(Configuration.ListenAddress(host: "0.0.0.0", port: 0).description == "0.0.0.0:0")
    }

    @Test(arguments: [
        ("localhost:99999", #"--listen: "localhost:99999": port must be 0 to 65535"#),
        ("1.2.3.4:99999999999999999999", #"--listen: "1.2.3.4:99999999999999999999": port must be 0 to 65535"#),
        ("8080", #"--listen: "8080": expected HOST:PORT, [IPv6]:PORT or :PORT"#),
        ("127.0.0.1:", #"--listen: "127.0.0.1:": expected HOST:PORT, [IPv6]:PORT or :PORT"#),
        ("1.2.3.4:-1", #"--listen: "1.2.3.4:-1": expected HOST:PORT, [IPv6]:PORT or :PORT"#),
        ("1.2.3.4:80a", #"--listen: "1.2.3.4:80a": expected HOST:PORT, [IPv6]:PORT or :PORT"#),
        ("[::1:8080", #"--listen: "[::1:8080": expected HOST:PORT, [IPv6]:PORT or :PORT"#),
        ("::1:8080", #"--listen: "::1:8080": write an IPv6 address in brackets, as in [::1]:8080"#),
        ("[1.2.3.4]:80", #"--listen: "[1.2.3.4]:80": 1.2.3.4 is not an IPv6 address"#),
        ("example.com:80", #"--listen: "example.com:80": host must be an IP address or localhost"#),
        ("256.1.1.1:80", #"--listen: "256.1.1.1:80": host must be an IP address or localhost"#),
    ])
    func listenRefusesMalformedAddresses(text: String, message: String) {
        #expect(refusal(["--listen", text]) == message)
    }

    @Test(arguments: [
        ("https://portico.example.com/", "https://portico.example.com", true),
        ("HTTPS://Portico.Example.COM:443", "https://portico.example.com", true),
        ("https://portico.example.com:8443//", "https://portico.example.com:8443", true),
        ("http://localhost:8080", "http://localhost:8080", false),
        ("http://example.com:80", "http://example.com", false),
        ("http://[::1]:8080/", "http://[::1]:8080", false),
        ("http://[::1]", "http://[::1]", false),
        ("https://my_host.internal.", "https://my_host.internal.", true),
    ])
    func baseURLIsNormalisedToAnOrigin(text: String, origin: String, isSecure: Bool) throws {
        let configuration = try serve(["--base-url", text])
        #expect(configuration.baseURL == origin)
        #expect(configuration.isSecure == isSecure)
    }

    @Test func baseURLDoesNotChangeTheListenAddress() throws {
        let configuration = try serve(["--listen", ":8080", "--base-url", "https://portico.example.com"])
        #expect(configuration.listen == Configuration.ListenAddress(host: "0.0.0.0", port: 8080))
        #expect(configuration.baseURL == "https://portico.example.com")
    }

    @Test(arguments: [
        ("example.com", "must start with http:// or https://"),
        ("ftp://example.com", "must start with http:// or https://"),
        ("https://example.com/?next=1", "must not have a query or fragment"),
        ("https://example.com#top", "must not have a query or fragment"),
        ("https://example.com/portico", "must not have a path: Portico serves from the root of its host"),
        ("https://admin:secret@example.com", "must not contain a user name or password"),
        ("https://", "must name a host"),
        ("https://:8443", "must name a host"),
        ("https://example.com:0", "port must be 1 to 65535"),
        ("https://example.com:", "port must be 1 to 65535"),
        ("https://example.com:https", "port must be 1 to 65535"),
        ("https://exa mple.com", "must not contain spaces"),
        ("http://[::1", "must name a host"),
        ("http://[::1]x", "must name a host"),
        ("http://[::1]:", "port must be 1 to 65535"),
        ("http://exa<mple.com", "must name a host"),
        ("http://example.com:80:90", "port must be 1 to 65535"),
    ])
    func baseURLRefusesAnythingButAnHTTPOrigin(text: String, problem: String) {
        #expect(refusal(["--base-url", text]) == #"--base-url: "\#(text)": \#(problem)"#)
        #expect(
            refusal([], environment: ["PORTICO_BASE_URL": text]) == #"PORTICO_BASE_URL: "\#(text)": \#(problem)"#)
    }

    @Test(arguments: [("1", 1), ("2", 2), ("08", 8), ("256", 256)])
    func workersAcceptsWholeNumbersUpTo256(text: String, count: Int) throws {
        #expect(try serve(["--workers", text]).workers == count)
    }

    @Test(arguments: ["abc", "0", "257", "-1", "+3", " 4", "1.5", "99999999999999999999999"])
    func workersRefusesAnythingElse(text: String) {
        #expect(
            refusal([], environment: ["PORTICO_WORKERS": text])
                == #"PORTICO_WORKERS: "\#(text)": must be a whole number from 1 to 256"#)
    }

    @Test(arguments: [(1, 1), (2, 2), (0, 1), (-1, 1), (1000, 256)])
    func workersDefaultToOnlineCoresWithinRange(cores: Int, workers: Int) throws {
        #expect(try serve(onlineCores: cores).workers == workers)
    }

    @Test func onlineCoresReportsThisMachine() {
        #expect(Configuration.onlineCores() >= 1)
    }

    @Test(arguments: [
        ("/srv/portico", "/srv/portico/Templates", "/srv/portico/Public"),
        ("/app/", "/app/Templates", "/app/Public"),
        ("/", "/Templates", "/Public"),
        ("resources", "resources/Templates", "resources/Public"),
    ])
    func resourcesDirectoryLocatesTemplatesAndPublic(directory: String, templates: String, files: String) throws {
        let configuration = try serve(["--resources-dir", directory])
        #expect(configuration.resourcesDirectory == directory)
        #expect(configuration.templatesDirectory == templates)
        #expect(configuration.publicDirectory == files)
    }

    @Test func resourcesDirectoryComesFromTheEnvironmentToo() throws {
        #expect(try serve(environment: ["PORTICO_RESOURCES_DIR": "/app"]).templatesDirectory == "/app/Templates")
    }

    @Test func dataDirectoryComesFromFlagOrEnvironment() throws {
        #expect(try serve(["--data-dir", "/var/lib/portico"]).dataDirectory == "/var/lib/portico")
        #expect(try serve(environment: ["PORTICO_DATA_DIR": "/data"]).dataDirectory == "/data")
    }

    @Test(arguments: ["--data-dir", "--resources-dir"])
    func directoryFlagsRefuseAnEmptyPath(flag: String) {
        #expect(refusal(["\(flag)="]) == #"\#(flag): "": must be a directory path"#)
    }

    @Test(arguments: [
        ("1", true), ("true", true), ("YES", true), ("on", true),
        ("0", false), ("false", false), ("no", false), ("off", false), ("", false),
    ])
    func demoVariableReadsOneOrZero(text: String, demo: Bool) throws {
        #expect(try serve(environment: ["PORTICO_DEMO": text]).demo == demo)
    }

    @Test func demoSwitchTurnsDemoOn() throws {
        #expect(try serve(["--demo"]).demo)
    }

    @Test func demoVariableRefusesOtherWords() {
        #expect(refusal([], environment: ["PORTICO_DEMO": "maybe"]) == #"PORTICO_DEMO: "maybe": must be 1 or 0"#)
    }

    @Test(arguments: [
        ("10.0.0.0/8,::1/128", "10.0.0.0/8,::1/128"),
        ("172.16.0.0/12", "172.16.0.0/12"),
        ("192.0.2.7, ::1 ,fd00::/8", "192.0.2.7/32,::1/128,fd00::/8"),
        ("2001:DB8::/32,", "2001:db8::/32"),
        ("::ffff:10.0.0.0/104", "10.0.0.0/8"),
        ("0.0.0.0/0", "0.0.0.0/0"),
    ])
    func trustedProxiesTakeCIDRBlocksAndBareAddresses(text: String, blocks: String) throws {
        #expect(try serve(["--trusted-proxies", text]).trustedProxies.description == blocks)
        #expect(try serve(environment: ["PORTICO_TRUSTED_PROXIES": text]).trustedProxies.description == blocks)
    }

    @Test func trustedProxiesFlagWinsOverTheVariable() throws {
        let configuration = try serve(
            ["--trusted-proxies=127.0.0.1"], environment: ["PORTICO_TRUSTED_PROXIES": "10.0.0.0/8"])
        #expect(configuration.trustedProxies.description == "127.0.0.1/32")
        #expect(configuration.trustedProxies.trusts(peer: "127.0.0.1"))
        #expect(!configuration.trustedProxies.trusts(peer: "10.0.0.1"))
    }

    @Test(arguments: [
        ("10.0.0.0/8,bogus", #""bogus": not an IP address or CIDR block (such as 10.0.0.0/8 or fd00::/8)"#),
        ("proxy.internal", #""proxy.internal": not an IP address or CIDR block (such as 10.0.0.0/8 or fd00::/8)"#),
        ("[::1]", #""[::1]": not an IP address or CIDR block (such as 10.0.0.0/8 or fd00::/8)"#),
        ("10.0.0.0/8 172.16.0.0/12", #""10.0.0.0/8 172.16.0.0/12": the prefix length must be a number from 0 to 32"#),
        ("::1, 10.0.0.0/33", #""10.0.0.0/33": the prefix length must be a number from 0 to 32"#),
        ("fd00::/129", #""fd00::/129": the prefix length must be a number from 0 to 128"#),
        ("10.1.2.3/8", #""10.1.2.3/8": bits are set past the prefix length; the block is written 10.0.0.0/8"#),
    ])
    func trustedProxiesRefuseABadEntryNamingIt(text: String, problem: String) {
        #expect(refusal(["--trusted-proxies", text]) == #"--trusted-proxies: "\#(text)": entry \#(problem)"#)
        #expect(
            refusal([], environment: ["PORTICO_TRUSTED_PROXIES": text])
                == #"PORTICO_TRUSTED_PROXIES: "\#(text)": entry \#(problem)"#)
    }

    @Test func firstAdminComesFromBothVariables() throws {
        let configuration = try serve(environment: [
            "PORTICO_ADMIN_EMAIL": "root@example.com", "PORTICO_ADMIN_PASSWORD": "correct horse",
        ])
        #expect(
            configuration.firstAdmin == Configuration.FirstAdmin(email: "root@example.com", password: "correct horse"))
    }

    @Test func emptyVariablesCountAsUnset() throws {
        let environment = [
            "PORTICO_LISTEN": "", "PORTICO_DATA_DIR": "", "PORTICO_BASE_URL": "", "PORTICO_WORKERS": "",
            "PORTICO_RESOURCES_DIR": "", "PORTICO_DEMO": "", "PORTICO_ADMIN_EMAIL": "", "PORTICO_ADMIN_PASSWORD": "",
            "PORTICO_TRUSTED_PROXIES": "",
        ]
        #expect(try serve(environment: environment, onlineCores: 1) == Configuration())
    }

    @Test(arguments: [
        (
            ["PORTICO_ADMIN_EMAIL": "root@example.com"],
            "PORTICO_ADMIN_EMAIL is set but PORTICO_ADMIN_PASSWORD is not: "
                + "set both to create the first admin, or neither"
        ),
        (
            ["PORTICO_ADMIN_PASSWORD": "hunter2hunter2"],
            "PORTICO_ADMIN_PASSWORD is set but PORTICO_ADMIN_EMAIL is not: "
                + "set both to create the first admin, or neither"
        ),
        (
            ["PORTICO_ADMIN_EMAIL": "root", "PORTICO_ADMIN_PASSWORD": "hunter2hunter2"],
            #"PORTICO_ADMIN_EMAIL: "root": must be an email address"#
        ),
        (
            ["PORTICO_ADMIN_EMAIL": "root@", "PORTICO_ADMIN_PASSWORD": "hunter2hunter2"],
            #"PORTICO_ADMIN_EMAIL: "root@": must be an email address"#
        ),
        (
            ["PORTICO_ADMIN_EMAIL": "a@b@c", "PORTICO_ADMIN_PASSWORD": "hunter2hunter2"],
            #"PORTICO_ADMIN_EMAIL: "a@b@c": must be an email address"#
        ),
        (
            ["PORTICO_ADMIN_EMAIL": "ro ot@example.com", "PORTICO_ADMIN_PASSWORD": "hunter2hunter2"],
            #"PORTICO_ADMIN_EMAIL: "ro ot@example.com": must be an email address"#
        ),
    ])
    func firstAdminRefusesHalfOrMalformedCredentials(environment: [String: String], message: String) {
        #expect(refusal([], environment: environment) == message)
    }

    @Test func metricsTokenComesFromFlagOrVariableAndIsNeverPrinted() throws {
        let token = "scrape-me-0123456789"
        #expect(try serve().metricsToken == nil)
        #expect(try serve(["--metrics-token", token]).metricsToken?.value == token)
        #expect(try serve(environment: ["PORTICO_METRICS_TOKEN": token]).metricsToken?.value == token)
        #expect(try serve(environment: ["PORTICO_METRICS_TOKEN": ""]).metricsToken == nil)
        let configuration = try serve(environment: ["PORTICO_METRICS_TOKEN": token])
        var dumped = ""
        dump(configuration, to: &dumped)
        #expect(!dumped.contains(token))
        #expect(!String(describing: configuration).contains(token))
        #expect(!String(reflecting: configuration).contains(token))
        #expect(Command.usage.contains("  --metrics-token TOKEN, PORTICO_METRICS_TOKEN\n"))
    }

    @Test(arguments: ["short-token", "has a space in it, long enough", "tab\tseparated-long-token", "ünïcode-token-long-enough"])
    func metricsTokenRefusesShortOrUnprintableValuesWithoutQuotingThem(token: String) {
        let problem = "must be at least 16 visible ASCII characters without spaces"
        #expect(refusal(["--metrics-token", token]) == #"--metrics-token: "<redacted>": \#(problem)"#)
        #expect(refusal([], environment: ["PORTICO_METRICS_TOKEN": token]) == #"PORTICO_METRICS_TOKEN: "<redacted>": \#(problem)"#)
    }

    @Test func passwordIsNeverPrintedOrEchoed() throws {
        let password = "Tr0ub4dor&3-unique"
        let configuration = try serve(environment: [
            "PORTICO_ADMIN_EMAIL": "root@example.com", "PORTICO_ADMIN_PASSWORD": password,
        ])
        var dumped = ""
        dump(configuration, to: &dumped)
        #expect(!dumped.contains(password))
        #expect(!String(describing: configuration).contains(password))
        #expect(!String(reflecting: configuration).contains(password))
        #expect(dumped.contains("root@example.com"))

        let mistakes: [[String]] = [
            ["--admin-password=\(password)"], ["--admin-password", password], ["--workers", "x"],
            ["--listen", "nonsense"], ["frobnicate"],
        ]
        for arguments in mistakes {
            let message = refusal(arguments, environment: ["PORTICO_ADMIN_PASSWORD": password])
            #expect(message != nil)
            #expect(message?.contains(password) == false, "arguments: \(arguments)")
        }
    }

    @Test func flagsWinOverEnvironment() throws {
        let environment = [
            "PORTICO_LISTEN": "127.0.0.1:1111", "PORTICO_DATA_DIR": "/env/data",
            "PORTICO_BASE_URL": "http://env.example.com", "PORTICO_WORKERS": "3",
            "PORTICO_RESOURCES_DIR": "/env/app", "PORTICO_DEMO": "0",
        ]
        let fromEnvironment = try serve(environment: environment)
        #expect(
            fromEnvironment
                == Configuration(
                    listen: .init(host: "127.0.0.1", port: 1111), dataDirectory: "/env/data",
                    baseURL: "http://env.example.com", workers: 3, resourcesDirectory: "/env/app", demo: false))

        let fromFlags = try serve(
            [
                "--listen", "127.0.0.1:2222", "--data-dir", "/flag/data", "--base-url", "https://flag.example.com",
                "--workers", "5", "--resources-dir", "/flag/app", "--demo",
            ], environment: environment)
        #expect(
            fromFlags
                == Configuration(
                    listen: .init(host: "127.0.0.1", port: 2222), dataDirectory: "/flag/data",
                    baseURL: "https://flag.example.com", workers: 5, resourcesDirectory: "/flag/app", demo: true))
    }

    @Test func flagHidesAnInvalidVariable() throws {
        #expect(try serve(["--workers", "2"], environment: ["PORTICO_WORKERS": "abc"]).workers == 2)
    }

    @Test func defaultBaseURLFollowsTheListenVariable() throws {
        #expect(try serve(environment: ["PORTICO_LISTEN": "0.0.0.0:8080"]).baseURL == "http://localhost:8080")
    }

    @Test func flagValueMayBeAttachedOrSeparate() throws {
        let separate = try serve(["--listen", ":9090", "--data-dir", "/d"])
        let attached = try serve(["--listen=:9090", "--data-dir=/d"])
        let explicitServe = try serve(["serve", "--listen", ":9090", "--data-dir=/d"])
        #expect(separate == attached)
        #expect(separate == explicitServe)
        #expect(separate.listen.port == 9090)
    }

    @Test func attachedValueKeepsEverythingAfterTheFirstEqualsSign() throws {
        #expect(try serve(["--data-dir==/odd=name"]).dataDirectory == "=/odd=name")
    }

    @Test func separateValueMayStartWithASingleDash() throws {
        #expect(try serve(["--data-dir", "-odd"]).dataDirectory == "-odd")
    }

    @Test func lastOccurrenceOfAFlagWins() throws {
        #expect(try serve(["--workers", "2", "--workers", "3"]).workers == 3)
    }
}
