/// Why the command line or environment cannot start Portico, worded for the person who typed it.
///
/// Every message names the flag or variable at fault, so a bad value in a container's environment
/// is as easy to find as a typo on the command line. Values are echoed back quoted, except the
/// first admin's password, which no case carries.
package enum ConfigurationError: Error, Equatable, Sendable, CustomStringConvertible {
    /// A flag or variable holds a value that cannot be used; `problem` says what is expected.
    case invalidValue(source: String, value: String, problem: String)
    case unknownOption(String)
    case missingValue(option: String, expected: String)
    /// A switch such as `--demo` was given `=value`.
    case unexpectedValue(option: String)
    case unknownCommand(String)
    case unexpectedArgument(String)
    /// Only one of the two variables that create the first admin is set.
    case incompleteFirstAdmin(present: String, missing: String)

    package var description: String {
        switch self {
        case .invalidValue(let source, let value, let problem):
            "\(source): \(Self.quoted(value)): \(problem)"
        case .unknownOption(let option):
            "unknown option \(option) (see portico --help)"
        case .missingValue(let option, let expected):
            "\(option): missing value (expected \(expected))"
        case .unexpectedValue(let option):
            "\(option) takes no value"
        case .unknownCommand(let name):
            "unknown command \(Self.quoted(name)) (see portico --help)"
        case .unexpectedArgument(let argument):
            "unexpected argument \(Self.quoted(argument)) (see portico --help)"
        case .incompleteFirstAdmin(let present, let missing):
            "\(present) is set but \(missing) is not: set both to create the first admin, or neither"
        }
    }

    /// Quotes a value so that stray quotes or control characters cannot disguise the message.
    static func quoted(_ value: String) -> String {
        var result = "\""
        for scalar in value.unicodeScalars {
            switch scalar {
            case "\"": result += "\\\""
            case "\\": result += "\\\\"
            case "\n": result += "\\n"
            case "\t": result += "\\t"
            default:
                if scalar.value < 0x20 || scalar.value == 0x7F {
                    result += "\\u{\(String(scalar.value, radix: 16))}"
                } else {
                    result.unicodeScalars.append(scalar)
                }
            }
        }
        return result + "\""
    }
}
