import Domain
import Testing

struct ConsoleDestinationTests {
    static let hosts = ConsoleDestination.defaultAllowedHosts

    /// Console URLs people really open, with what Portico passes on as RelayState.
    @Test(arguments: [
        ("https://console.aws.amazon.com/", "https://console.aws.amazon.com/"),
        ("https://console.aws.amazon.com", "https://console.aws.amazon.com/"),
        (
            "https://us-east-1.console.aws.amazon.com/ec2/home?region=us-east-1#Instances:",
            "https://us-east-1.console.aws.amazon.com/ec2/home?region=us-east-1#Instances:"
        ),
        ("https://s3.console.aws.amazon.com/s3/buckets?region=eu-west-1", "https://s3.console.aws.amazon.com/s3/buckets?region=eu-west-1"),
        (
            "https://console.aws.amazon.com/cloudwatch/home?region=eu-central-1#logsV2:log-groups/log-group/$252Faws$252Flambda$252Ffn",
            "https://console.aws.amazon.com/cloudwatch/home?region=eu-central-1#logsV2:log-groups/log-group/$252Faws$252Flambda$252Ffn"
        ),
        ("https://console.amazonaws-us-gov.com/iam/home", "https://console.amazonaws-us-gov.com/iam/home"),
        ("https://cn-north-1.console.amazonaws.cn/ec2/", "https://cn-north-1.console.amazonaws.cn/ec2/"),
        ("https://console.aws.amazon.com:443/iam/", "https://console.aws.amazon.com/iam/"),
        ("https://console.aws.amazon.com?region=us-east-1", "https://console.aws.amazon.com/?region=us-east-1"),
        // DNS names are case-insensitive: an uppercase host is the same host, and is passed on lowercase.
        ("https://CONSOLE.AWS.Amazon.COM/ec2/", "https://console.aws.amazon.com/ec2/"),
        ("HTTPS://console.aws.amazon.com/", "https://console.aws.amazon.com/"),
        // Escapes in the path cannot move the host, so they stay as given.
        ("https://console.aws.amazon.com/%2e%2e/iam/", "https://console.aws.amazon.com/%2e%2e/iam/"),
    ])
    func acceptsConsolePages(text: String, relayState: String) throws {
        let destination = try ConsoleDestination.check(text, allowedHosts: Self.hosts)
        #expect(destination.url.text == relayState)
    }

    /// Hostile or merely wrong destinations, each with the reason the 400 page gives.
    @Test(arguments: [
        ("https://console.aws.amazon.com.evil.com/", ConsoleDestination.Refusal.hostNotAllowed(host: "console.aws.amazon.com.evil.com")),
        ("https://evilconsole.aws.amazon.com/", .hostNotAllowed(host: "evilconsole.aws.amazon.com")),
        ("https://aws.amazon.com/", .hostNotAllowed(host: "aws.amazon.com")),
        ("https://signin.aws.amazon.com/saml", .hostNotAllowed(host: "signin.aws.amazon.com")),
        ("https://evil.com#@console.aws.amazon.com", .hostNotAllowed(host: "evil.com")),
        ("https://evil.com?@console.aws.amazon.com", .hostNotAllowed(host: "evil.com")),
        ("https://evil.com/console.aws.amazon.com", .hostNotAllowed(host: "evil.com")),
        ("https://evil.com\\@console.aws.amazon.com", .malformed(.invalidCharacter)),
        ("https://console.aws.amazon.com\\.evil.com/", .malformed(.invalidCharacter)),
        ("https://user@console.aws.amazon.com/", .malformed(.userInfo)),
        ("https://console.aws.amazon.com@evil.com/", .malformed(.userInfo)),
        ("https://console.aws.amazon.com:443@evil.com/", .malformed(.userInfo)),
        ("https://:@console.aws.amazon.com/", .malformed(.userInfo)),
        ("//console.aws.amazon.com/", .malformed(.notHTTPS)),
        ("/console", .malformed(.notHTTPS)),
        ("console.aws.amazon.com", .malformed(.notHTTPS)),
        ("http://console.aws.amazon.com/", .malformed(.notHTTPS)),
        ("javascript:alert(1)", .malformed(.notHTTPS)),
        ("javascript://console.aws.amazon.com/%0aalert(1)", .malformed(.notHTTPS)),
        ("data:text/html,hi", .malformed(.notHTTPS)),
        ("https:console.aws.amazon.com", .malformed(.notHTTPS)),
        ("https:/console.aws.amazon.com", .malformed(.notHTTPS)),
        ("https:///console.aws.amazon.com/", .malformed(.missingHost)),
        ("https://", .malformed(.notHTTPS)),
        ("https://console.aws.amazon.com:8443/", .malformed(.port)),
        ("https://console.aws.amazon.com:/", .malformed(.port)),
        ("https://console.aws.amazon.com:0443/", .malformed(.port)),
        ("https://console.aws.amazon.com./", .malformed(.invalidHost)),
        ("https://.console.aws.amazon.com/", .malformed(.invalidHost)),
        ("https://console..aws.amazon.com/", .malformed(.invalidHost)),
        ("https://console.aws.amazon.com%2eevil.com/", .malformed(.invalidHost)),
        ("https://console%2eaws.amazon.com/", .malformed(.invalidHost)),
        ("https://%63onsole.aws.amazon.com/", .malformed(.invalidHost)),
        ("https://console_x.aws.amazon.com/", .malformed(.invalidHost)),
        ("https://-x.console.aws.amazon.com/", .malformed(.invalidHost)),
        ("https://[::1]/", .malformed(.invalidHost)),
        ("https://127.0.0.1/", .malformed(.invalidHost)),
        ("https://localhost/", .malformed(.invalidHost)),
        ("https://console.aws.amazon.com/%0d%0aSet-Cookie:x", .malformed(.invalidEscape)),
        ("https://console.aws.amazon.com/%00", .malformed(.invalidEscape)),
        ("https://console.aws.amazon.com/%zz", .malformed(.invalidEscape)),
        ("https://console.aws.amazon.com/%2", .malformed(.invalidEscape)),
        ("https://console.aws.amazon.com/ ec2", .malformed(.invalidCharacter)),
        ("https://console.aws.amazon.com/\tec2", .malformed(.invalidCharacter)),
        ("https://evil.com\t.console.aws.amazon.com/", .malformed(.invalidCharacter)),
        ("https://console.aws.amazon.com/\n", .malformed(.invalidCharacter)),
        (" https://console.aws.amazon.com/", .malformed(.invalidCharacter)),
        ("https://cоnsole.aws.amazon.com/", .malformed(.invalidCharacter)),  // Cyrillic о
        ("https://console.aws.amazon.com/\"><script>", .malformed(.invalidCharacter)),
        ("", .malformed(.empty)),
        ("https://console.aws.amazon.com/" + String(repeating: "a", count: 2_048), .malformed(.tooLong)),
    ])
    func refusesWhatCouldLeaveTheConsole(text: String, refusal: ConsoleDestination.Refusal) {
        #expect(throws: refusal) { try ConsoleDestination.check(text, allowedHosts: Self.hosts) }
    }

    @Test func subdomainsMatchOnlyAtALabelBoundary() {
        #expect(ConsoleDestination.isAllowed(host: "console.aws.amazon.com", allowedHosts: Self.hosts))
        #expect(ConsoleDestination.isAllowed(host: "a.b.console.aws.amazon.com", allowedHosts: Self.hosts))
        #expect(!ConsoleDestination.isAllowed(host: "xconsole.aws.amazon.com", allowedHosts: Self.hosts))
        #expect(!ConsoleDestination.isAllowed(host: ".console.aws.amazon.com", allowedHosts: Self.hosts))
        #expect(!ConsoleDestination.isAllowed(host: "console.aws.amazon.com", allowedHosts: []))
    }

    @Test func refusalsExplainThemselves() {
        #expect(ConsoleDestination.Refusal.malformed(.notHTTPS).reason == "The destination must be a full address starting with https://.")
        #expect(
            ConsoleDestination.Refusal.hostNotAllowed(host: "evil.com").reason
                == "The destination's host evil.com is not an AWS console host this portal opens.")
    }

    @Test func homeIsTheFirstAllowedHost() {
        #expect(ConsoleDestination.home(allowedHosts: Self.hosts) == "https://console.aws.amazon.com/")
        #expect(ConsoleDestination.home(allowedHosts: ["console.amazonaws-us-gov.com"]) == "https://console.amazonaws-us-gov.com/")
    }
}
