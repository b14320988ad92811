import Domain
import FoundationEssentials

/// Static keys from the shared credentials file (`AWS_SHARED_CREDENTIALS_FILE`, else `~/.aws/credentials`) or the
/// config file (`AWS_CONFIG_FILE`, else `~/.aws/config`), for the profile `AWS_PROFILE` or `default`.
///
/// Only `aws_access_key_id`, `aws_secret_access_key` and `aws_session_token`: a profile that assumes a role, runs a
/// process or signs in through SSO is not followed, and says so.
package struct SharedFileCredentialProvider: AWSCredentialProvider {
    package let environment: [String: String]

    package init(environment: [String: String]) { self.environment = environment }

    package func credentials() throws(AWSCredentialError) -> AWSCredentials {
        let profile = environment["AWS_PROFILE"].flatMap { $0.isEmpty ? nil : $0 } ?? "default"
        let home = environment["HOME"] ?? ""
        let credentialsPath = environment["AWS_SHARED_CREDENTIALS_FILE"] ?? "\(home)/.aws/credentials"
        let configPath = environment["AWS_CONFIG_FILE"] ?? "\(home)/.aws/config"
        // The config file names a profile `[profile name]`, except `[default]`.
        let files = [(credentialsPath, profile), (configPath, profile == "default" ? "default" : "profile \(profile)")]
        var readAny = false
        for (path, section) in files {
            guard let data = try? Data(contentsOf: URL(fileURLWithPath: path)) else { continue }
            readAny = true
            guard let values = Self.section(section, in: String(decoding: data, as: UTF8.self)) else { continue }
            let keyID = values["aws_access_key_id"] ?? ""
            let secret = values["aws_secret_access_key"] ?? ""
            if keyID.isEmpty && secret.isEmpty {
                if values["role_arn"] != nil || values["sso_session"] != nil || values["sso_start_url"] != nil
                    || values["credential_process"] != nil
                {
                    throw error(.failed, "profile \(profile) in \(path) has no static keys (roles, SSO and processes are not followed)")
                }
                continue
            }
            guard !keyID.isEmpty, !secret.isEmpty else {
                throw error(.failed, "profile \(profile) in \(path) has only one of aws_access_key_id and aws_secret_access_key")
            }
            let token = values["aws_session_token"].flatMap { $0.isEmpty ? nil : $0 }
            return AWSCredentials(accessKeyID: keyID, secretAccessKey: secret, sessionToken: token)
        }
        let reason =
            readAny
            ? "no profile \(profile) with keys in \(credentialsPath) or \(configPath)"
            : "neither \(credentialsPath) nor \(configPath) can be read"
        throw error(.notConfigured, reason)
    }

    private func error(_ kind: AWSCredentialError.Kind, _ reason: String) -> AWSCredentialError {
        AWSCredentialError(source: "shared files", kind: kind, reason: reason)
    }

    /// The `key = value` lines of `[name]` in an INI file; nil if there is no such section. `#` and `;` start comments.
    static func section(_ name: String, in text: String) -> [String: String]? {
        var current: String?
        var values: [String: String]?
        for rawLine in text.split(whereSeparator: \.isNewline) {
            let line = String(rawLine).trimmingWhitespace()
            if line.isEmpty || line.hasPrefix("#") || line.hasPrefix(";") { continue }
            if line.hasPrefix("[") && line.hasSuffix("]") {
                current = String(line.dropFirst().dropLast()).trimmingWhitespace()
                if current == name && values == nil { values = [:] }
                continue
            }
            guard current == name, let equals = line.firstIndex(of: "=") else { continue }
            let key = String(line[..<equals]).trimmingWhitespace().lowercased()
            values?[key] = String(line[line.index(after: equals)...]).trimmingWhitespace()
        }
        return values
    }
}
