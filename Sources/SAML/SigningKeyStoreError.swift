/// Why the signing keys in the data directory cannot be loaded or changed, phrased for the operator:
/// each case names the file or the step, so a failed start says what to fix.
package enum SigningKeyStoreError: Error, Sendable, Equatable, CustomStringConvertible {
    /// A system call on `path` failed.
    case io(path: String, reason: String)
    /// `path` is open to group or others; private keys must be readable by their owner alone.
    case permissions(path: String, mode: Int, expected: Int)
    /// The key or certificate in `path` does not parse, or the certificate is for another key.
    case unusable(path: String, reason: String)
    /// The state file does not say which key signs.
    case invalidState(path: String, reason: String)
    /// The command does not fit the keys' current states (nothing pending to activate, say).
    case refused(String)

    package var description: String {
        switch self {
        case .io(let path, let reason): "\(path): \(reason)"
        case .permissions(let path, let mode, let expected):
            "\(path) has mode \(Self.octal(mode)); it must be \(Self.octal(expected)) (owner only): chmod \(Self.octal(expected)) \(path)"
        case .unusable(let path, let reason): "\(path): \(reason)"
        case .invalidState(let path, let reason): "\(path): \(reason)"
        case .refused(let reason): reason
        }
    }

    private static func octal(_ mode: Int) -> String {
        let digits = String(mode, radix: 8)
        return String(repeating: "0", count: max(0, 4 - digits.count)) + digits
    }
}
