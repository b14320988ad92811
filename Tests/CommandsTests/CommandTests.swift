import AWS
import App
import Domain
import Testing

@testable import Commands

struct CommandTests {
    private func parse(_ arguments: [String]) throws -> Command {
        try Command.parse(arguments: arguments, environment: [:], onlineCores: 1)
    }

    @Test func noSubcommandServes() throws {
        #expect(try parse([]) == .serve(Configuration()))
        #expect(try parse(["serve"]) == .serve(Configuration()))
    }

    @Test(arguments: [
        ["--help"], ["-h"], ["help"], ["help", "serve"], ["serve", "--help"], ["--workers", "abc", "-h"],
    ])
    func helpPrintsUsageEvenBesideMistakes(arguments: [String]) throws {
        #expect(try parse(arguments) == .help(Command.usage))
    }

    @Test(arguments: [["version"], ["--version"], ["serve", "--version"]])
    func versionIsASubcommandAndAFlag(arguments: [String]) throws {
        #expect(try parse(arguments) == .version)
    }

    @Test(arguments: [
        (["--foo"], "unknown option --foo (see portico --help)"),
        (["--foo=bar"], "unknown option --foo (see portico --help)"),
        (["-x"], "unknown option -x (see portico --help)"),
        (["serve", "--listen", ":80", "--verbose"], "unknown option --verbose (see portico --help)"),
        (["version", "--listen", ":80"], "unknown option --listen (see portico --help)"),
        (["--listen"], "--listen: missing value (expected HOST:PORT)"),
        (["--data-dir", "--listen", ":80"], "--data-dir: missing value (expected DIR)"),
        (["--base-url"], "--base-url: missing value (expected URL)"),
        (["--workers"], "--workers: missing value (expected N)"),
        (["--resources-dir"], "--resources-dir: missing value (expected DIR)"),
        (["--trusted-proxies"], "--trusted-proxies: missing value (expected CIDR,...)"),
        (["--demo=yes"], "--demo takes no value"),
        (["frobnicate"], #"unknown command "frobnicate" (see portico --help)"#),
        (["serve", "extra"], #"unexpected argument "extra" (see portico --help)"#),
        (["version", "extra"], #"unexpected argument "extra" (see portico --help)"#),
        (["--listen", "a\"b\n"], #"--listen: "a\"b\n": expected HOST:PORT, [IPv6]:PORT or :PORT"#),
    ])
    func mistakesAreNamedPlainly(arguments: [String], message: String) {
        #expect {
            try parse(arguments)
        } throws: { error in
            (error as? ConfigurationError)?.description == message
        }
    }

    @Test func usageListsEveryFlagVariableAndDefault() {
        let usage = Command.usage
        let flags = [
            "--listen", "--data-dir", "--base-url", "--workers", "--resources-dir", "--trusted-proxies", "--demo", "--help",
            "--version",
        ]
        let variables = [
            "PORTICO_LISTEN", "PORTICO_DATA_DIR", "PORTICO_BASE_URL", "PORTICO_WORKERS", "PORTICO_RESOURCES_DIR",
            "PORTICO_TRUSTED_PROXIES", "PORTICO_DEMO", "PORTICO_ADMIN_EMAIL", "PORTICO_ADMIN_PASSWORD",
        ]
        for name in flags + variables {
            #expect(usage.contains(name), "\(name) missing from usage")
        }
        for option in Configuration.Option.serve {
            #expect(usage.contains("\(option.flag)"))
            #expect(usage.contains("(default: \(option.defaultText))"))
        }
        for defaultText in ["127.0.0.1:8080", "./data", "http://<listen>", "one per core", "the current directory"] {
            #expect(usage.contains(defaultText), "default \(defaultText) missing from usage")
        }
    }

    @Test func usageListsEverySubcommand() {
        for synopsis in ["portico [serve] [options]", "portico version | --version", "portico help | --help | -h"] {
            #expect(Command.usage.contains(synopsis))
        }
    }

    @Test func keysTakesAnActionADataDirectoryAndABaseURL() throws {
        #expect(try parse(["keys", "list"]) == .keys(KeysOptions(action: .list)))
        #expect(
            try parse(["keys", "rotate", "--data-dir", "/srv/portico", "--base-url", "https://portico.example.com"])
                == .keys(KeysOptions(action: .rotate, dataDirectory: "/srv/portico", baseURL: "https://portico.example.com")))
        #expect(
            try Command.parse(arguments: ["keys", "activate"], environment: ["PORTICO_DATA_DIR": "/d"], onlineCores: 1)
                == .keys(KeysOptions(action: .activate, dataDirectory: "/d")))
        #expect(Command.usage.contains("portico keys list|rotate|activate|retire"))
        for (arguments, message) in [
            (["keys"], "keys: missing value (expected list, rotate, activate, retire)"),
            (["keys", "spin"], #"unknown command "keys spin" (see portico --help)"#),
            (["keys", "retire", "--listen", ":80"], "unknown option --listen (see portico --help)"),
        ] {
            #expect {
                try parse(arguments)
            } throws: { error in
                (error as? ConfigurationError)?.description == message
            }
        }
    }

    @Test func backupTakesOneDestinationAndADataDirectory() throws {
        #expect(try parse(["backup", "/backups/portico.sqlite3"]) == .backup(BackupOptions(destination: "/backups/portico.sqlite3")))
        #expect(
            try Command.parse(arguments: ["backup", "copy.sqlite3"], environment: ["PORTICO_DATA_DIR": "/d"], onlineCores: 1)
                == .backup(BackupOptions(destination: "copy.sqlite3", dataDirectory: "/d")))
        #expect(try parse(["backup", "--data-dir=/srv", "c"]) == .backup(BackupOptions(destination: "c", dataDirectory: "/srv")))
        #expect(Command.usage.contains("portico backup [--data-dir DIR] DEST"))
        #expect(throws: ConfigurationError.missingValue(option: "backup", expected: "DEST")) { try parse(["backup"]) }
        #expect(throws: ConfigurationError.unexpectedArgument("b")) { try parse(["backup", "a", "b"]) }
        #expect(throws: ConfigurationError.unknownOption("--listen")) { try parse(["backup", "--listen", ":80", "a"]) }
    }

    @Test func provisionTakesAnAccountDryRunAndTheAWSSettings() throws {
        let command = try parse([
            "provision", "--account", "111111111111", "--dry-run", "--data-dir", "/srv", "--aws-endpoint", "http://127.0.0.1:5000/",
            "--aws-partition", "aws-us-gov",
        ])
        guard case .provision(let options) = command else {
            Issue.record("expected provision, got \(command)")
            return
        }
        #expect(options.accountID == "111111111111")
        #expect(options.dryRun)
        #expect(options.configuration.dataDirectory == "/srv")
        #expect(options.configuration.awsEndpoints == AWSEndpoints(partition: .usGov, overrideURL: "http://127.0.0.1:5000/"))
        #expect(try parse(["provision"]) == .provision(ProvisionOptions(configuration: Configuration(workers: 1))))
        #expect(Command.usage.contains("portico provision [--account ID] [--dry-run]"))
        #expect(throws: ConfigurationError.self) { try parse(["provision", "--account", "prod"]) }
        #expect(throws: ConfigurationError.self) { try parse(["provision", "--aws-partition", "aws-eu"]) }
        #expect(throws: ConfigurationError.self) { try parse(["provision", "--aws-endpoint", "https://user:secret@moto.local/"]) }
    }

    @Test func scimTokenTakesAnActionANameAnExpiryAndADataDirectory() throws {
        #expect(
            try parse(["scim-token", "create", "--name", "Entra ID", "--expires", "P365D", "--data-dir", "/srv"])
                == .scimToken(SCIMTokenOptions(action: .create, name: "Entra ID", expires: ISODuration("P365D"), dataDirectory: "/srv")))
        #expect(try parse(["scim-token", "list"]) == .scimToken(SCIMTokenOptions(action: .list)))
        #expect(try parse(["scim-token", "revoke", "--name=old"]) == .scimToken(SCIMTokenOptions(action: .revoke, name: "old")))
        #expect(Command.usage.contains("portico scim-token create|list|revoke"))
        #expect(throws: ConfigurationError.missingValue(option: "scim-token", expected: "create, list, revoke")) {
            try parse(["scim-token"])
        }
        #expect(throws: ConfigurationError.unknownCommand("scim-token rotate")) { try parse(["scim-token", "rotate"]) }
        #expect(throws: ConfigurationError.missingValue(option: "--name", expected: "NAME")) { try parse(["scim-token", "create"]) }
        #expect(throws: ConfigurationError.self) { try parse(["scim-token", "create", "--name", "x", "--expires", "ninety days"]) }
        #expect(throws: ConfigurationError.self) { try parse(["scim-token", "create", "--name", "x", "--expires", "PT0S"]) }
        // Typed as on the pages, stored as ever.
        #expect(
            try parse(["scim-token", "create", "--name", "x", "--expires", "90 days"])
                == .scimToken(SCIMTokenOptions(action: .create, name: "x", expires: ISODuration("P90D"))))
    }
}
