import App
import Domain
import Glibc

/// What the `portico` binary was asked to do, decided from its arguments and environment.
///
/// Parsing is a pure function of its inputs so that every flag, variable and message can be
/// tested without a process. A new subcommand (`apply FILE`, `export`) adds a case here, a branch
/// in `parse`, and a line in `subcommands`, which the usage text lists.
package enum Command: Equatable, Sendable {
    case serve(Configuration)
    /// Make the directory match a file (SPEC §8).
    case apply(ApplyOptions)
    /// Print the directory as a file.
    case export(ExportOptions)
    /// List or rotate the SAML signing keys.
    case keys(KeysOptions)
    /// Write a checked copy of the live database.
    case backup(BackupOptions)
    /// Make, list or revoke the bearer tokens of the SCIM endpoint.
    case scimToken(SCIMTokenOptions)
    /// Bring the AWS accounts Portico keeps in sync in line with the directory now.
    case provision(ProvisionOptions)
    case version
    /// Print this usage text and exit successfully.
    case help(String)

    /// Every subcommand with its synopsis, in the order the usage text lists them.
    private static let subcommands: [(synopsis: String, summary: String)] = [
        ("portico [serve] [options]", "run the portal (the default command)"),
        ("portico apply [--dry-run] [--data-dir DIR] FILE.json", "make the directory match FILE (see SPEC §8)"),
        ("portico export [--data-dir DIR]", "print the directory in the same format"),
        ("portico keys list|rotate|activate|retire [--data-dir DIR]", "show or rotate the SAML signing keys (see README)"),
        ("portico backup [--data-dir DIR] DEST", "write a checked copy of the database to the new file DEST, also while serve runs"),
        (
            "portico scim-token create|list|revoke [--name NAME] [--expires DURATION] [--data-dir DIR]",
            "make (shown once), list or revoke SCIM bearer tokens; works beside a running serve"
        ),
        (
            "portico provision [--account ID] [--dry-run] [--data-dir DIR] [--base-url URL] [--aws-partition P] [--aws-endpoint URL]",
            "bring the AWS accounts Portico keeps in sync in line now, or print the plan; works beside a running serve"
        ),
        ("portico version | --version", "print the version"),
        ("portico help | --help | -h", "print this text"),
    ]

    /// Parses `arguments` (without the program name). With no subcommand, Portico serves.
    package static func parse(
        arguments: [String], environment: [String: String], onlineCores: Int
    ) throws(ConfigurationError) -> Command {
        // Asking for help or the version must work even when the rest of the line is wrong.
        if arguments.contains(where: { $0 == "--help" || $0 == "-h" }) { return .help(usage) }
        if arguments.contains("--version") { return .version }

        var rest = arguments[...]
        var name = "serve"
        if let first = rest.first, !first.hasPrefix("-") {
            name = first
            rest = rest.dropFirst()
        }
        switch name {
        case "serve":
            let flags = try scan(rest, options: Configuration.Option.serve)
            return .serve(try Configuration(flags: flags, environment: environment, onlineCores: onlineCores))
        case "apply":
            // `--dry-run` is a switch of this command alone, with no variable, so it is taken out before the shared scan.
            let dryRun = rest.contains("--dry-run")
            var files: [String]? = []
            let flags = try scan(rest.filter { $0 != "--dry-run" }[...], options: [.dataDirectory], positionals: &files)
            guard let file = files?.first else { throw .missingValue(option: "apply", expected: "FILE.json") }
            if let extra = files?.dropFirst().first { throw .unexpectedArgument(extra) }
            return .apply(
                ApplyOptions(file: file, dataDirectory: try dataDirectory(flags: flags, environment: environment), dryRun: dryRun))
        case "export":
            let flags = try scan(rest, options: [.dataDirectory])
            return .export(ExportOptions(dataDirectory: try dataDirectory(flags: flags, environment: environment)))
        case "keys":
            let names = KeysOptions.Action.allCases.map(\.rawValue).joined(separator: ", ")
            guard let word = rest.first, !word.hasPrefix("-") else { throw .missingValue(option: "keys", expected: names) }
            guard let action = KeysOptions.Action(rawValue: word) else { throw .unknownCommand("keys " + word) }
            let flags = try scan(rest.dropFirst(), options: [.dataDirectory, .baseURL])
            let configuration = try Configuration(flags: flags, environment: environment, onlineCores: 1)
            let baseURLGiven = flags[Configuration.Option.baseURL.flag] != nil || environment[Configuration.Option.baseURL.variable] != nil
            return .keys(
                KeysOptions(
                    action: action, dataDirectory: configuration.dataDirectory, baseURL: baseURLGiven ? configuration.baseURL : nil))
        case "backup":
            var files: [String]? = []
            let flags = try scan(rest, options: [.dataDirectory], positionals: &files)
            guard let destination = files?.first else { throw .missingValue(option: "backup", expected: "DEST") }
            if let extra = files?.dropFirst().first { throw .unexpectedArgument(extra) }
            return .backup(
                BackupOptions(destination: destination, dataDirectory: try dataDirectory(flags: flags, environment: environment)))
        case "provision":
            let dryRun = rest.contains("--dry-run")
            let flags = try scan(
                rest.filter { $0 != "--dry-run" }[...],
                options: [.dataDirectory, .baseURL, .awsPartition, .awsEndpoint, .provisionAccount])
            let configuration = try Configuration(flags: flags, environment: environment, onlineCores: 1)
            let account = flags[Configuration.Option.provisionAccount.flag]
            if let account, !Account.isAccountID(account) {
                throw .invalidValue(source: "--account", value: account, problem: "must be a 12-digit AWS account id")
            }
            return .provision(ProvisionOptions(configuration: configuration, accountID: account, dryRun: dryRun))
        case "scim-token":
            let names = SCIMTokenOptions.Action.allCases.map(\.rawValue).joined(separator: ", ")
            guard let word = rest.first, !word.hasPrefix("-") else { throw .missingValue(option: "scim-token", expected: names) }
            guard let action = SCIMTokenOptions.Action(rawValue: word) else { throw .unknownCommand("scim-token " + word) }
            let flags = try scan(rest.dropFirst(), options: [.dataDirectory, .tokenName, .tokenExpiry])
            let name = flags[Configuration.Option.tokenName.flag]
            if action != .list, name == nil { throw .missingValue(option: "--name", expected: "NAME") }
            var expires: ISODuration?
            if let text = flags[Configuration.Option.tokenExpiry.flag] {
                guard let duration = ISODuration(typed: text), duration.seconds > 0 else {
                    throw .invalidValue(
                        source: "--expires", value: text, problem: "must be a duration such as 90 days, 12 hours or P90D")
                }
                expires = duration
            }
            return .scimToken(
                SCIMTokenOptions(
                    action: action, name: name, expires: expires, dataDirectory: try dataDirectory(flags: flags, environment: environment)))
        case "version":
            _ = try scan(rest, options: [])
            return .version
        case "help":
            return .help(usage)
        default:
            throw .unknownCommand(name)
        }
    }

    /// The data directory from `--data-dir` or `PORTICO_DATA_DIR`, as `serve` resolves it.
    private static func dataDirectory(flags: [String: String], environment: [String: String]) throws(ConfigurationError) -> String {
        try Configuration(flags: flags, environment: environment, onlineCores: 1).dataDirectory
    }

    /// Parses this process's arguments and the `PORTICO_*` variables of its environment.
    package static func parseProcess() throws(ConfigurationError) -> Command {
        let names = Configuration.Option.serve.map(\.variable) + Configuration.environmentOnly.map(\.variable)
        var environment: [String: String] = [:]
        for name in names {
            if let value = getenv(name) { environment[name] = String(cString: value) }
        }
        return try parse(
            arguments: Array(CommandLine.arguments.dropFirst()), environment: environment,
            onlineCores: Configuration.onlineCores())
    }

    /// Collects `--name value`, `--name=value` and switches into values keyed by flag; the last
    /// occurrence wins. A following argument that starts with `--` is taken for a forgotten value,
    /// not as the value: `--data-dir --listen :80` is a mistake far more often than a directory name.
    private static func scan(
        _ arguments: ArraySlice<String>, options: [Configuration.Option]
    ) throws(ConfigurationError) -> [String: String] {
        var positionals: [String]?
        return try scan(arguments, options: options, positionals: &positionals)
    }

    /// `scan` that collects arguments which are not flags into `positionals`, or refuses them when it is nil.
    private static func scan(
        _ arguments: ArraySlice<String>, options: [Configuration.Option], positionals: inout [String]?
    ) throws(ConfigurationError) -> [String: String] {
        var flags: [String: String] = [:]
        var remaining = arguments
        while let argument = remaining.popFirst() {
            guard argument.hasPrefix("-") else {
                guard positionals != nil else { throw .unexpectedArgument(argument) }
                positionals?.append(argument)
                continue
            }
            let equals = argument.firstIndex(of: "=")
            let name = String(argument[..<(equals ?? argument.endIndex)])
            let attached = equals.map { String(argument[argument.index(after: $0)...]) }
            // Only the name is ever echoed, so `--admin-password=…` typed by mistake stays secret.
            guard let option = options.first(where: { $0.flag == name }) else { throw .unknownOption(name) }

            if let valueName = option.valueName {
                if let attached {
                    flags[name] = attached
                } else if let next = remaining.first, !next.hasPrefix("--") {
                    flags[name] = next
                    remaining = remaining.dropFirst()
                } else {
                    throw .missingValue(option: name, expected: valueName)
                }
            } else {
                guard attached == nil else { throw .unexpectedValue(option: name) }
                flags[name] = "1"
            }
        }
        return flags
    }

    /// The text `portico --help` prints: every subcommand, flag, variable and default.
    package static var usage: String {
        var lines = ["Portico, a self-hosted AWS access portal.", "", "Usage:"]
        let width = subcommands.map(\.synopsis.count).max() ?? 0
        for command in subcommands {
            lines.append("  " + command.synopsis.padding(to: width) + "   " + command.summary)
        }
        lines += [
            "",
            "Options for serve, as --name value or --name=value; a flag wins over its variable:",
        ]
        for option in Configuration.Option.serve {
            let flag = option.valueName.map { "\(option.flag) \($0)" } ?? option.flag
            lines.append("  \(flag), \(option.variable)")
            lines.append("      \(option.summary) (default: \(option.defaultText))")
        }
        lines += ["", "Environment only, so the password stays out of ps and shell history:"]
        for variable in Configuration.environmentOnly {
            lines.append("  \(variable.variable)")
            lines.append("      \(variable.summary)")
        }
        return lines.joined(separator: "\n") + "\n"
    }
}

extension String {
    fileprivate func padding(to width: Int) -> String {
        count >= width ? self : self + String(repeating: " ", count: width - count)
    }
}
