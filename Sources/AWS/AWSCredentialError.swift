/// Why a source gave no credentials: which source, and why, in words an admin can act on. Never a secret.
package struct AWSCredentialError: Error, Sendable, Equatable, CustomStringConvertible {
    package enum Kind: Sendable, Equatable {
        /// The source is not set up here (no variables, no file, no metadata service): the chain tries the next.
        case notConfigured
        /// The source is set up but failed: the chain stops, since falling through would hide the mistake.
        case failed
    }

    /// `environment`, `web identity`, `shared files`, `container endpoint`, `instance metadata` or `credential chain`.
    package var source: String
    package var kind: Kind
    package var reason: String

    package init(source: String, kind: Kind, reason: String) {
        self.source = source
        self.kind = kind
        self.reason = reason
    }

    package var description: String { "\(source): \(reason)" }
}
