/// How Portico keeps the IAM roles of provisioned AWS accounts in sync (issue 18): the role it assumes in
/// each account, how often it looks for drift, and where failures and recoveries are announced.
package struct ProvisioningSettings: Hashable, Sendable {
    /// The role the bootstrap template creates in every member account for Portico to assume.
    package static let defaultRoleName = "PorticoProvisioning"
    /// How often every provisioned account is read again to find changes made outside Portico.
    package static let defaultInterval = ISODuration(seconds: 30 * 60)
    package static let intervalRange = ISODuration(seconds: 60)...ISODuration(seconds: 86_400)

    /// `provisioning_role_name`: an IAM role name (1–64 of `A-Za-z0-9+=,.@_-`).
    package var roleName: String
    /// `provisioning_interval`: the drift check's period.
    package var interval: ISODuration
    /// `notification_webhook_url`: a Slack-compatible incoming webhook for failures and recoveries; nil for none.
    package var webhookURL: String?

    package init(roleName: String, interval: ISODuration, webhookURL: String?) {
        self.roleName = roleName
        self.interval = interval
        self.webhookURL = webhookURL
    }

    package static let defaults = ProvisioningSettings(roleName: defaultRoleName, interval: defaultInterval, webhookURL: nil)

    /// Why `text` cannot name an IAM role, or nil.
    package static func roleNameProblem(_ text: String) -> String? {
        let allowed = Set("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+=,.@_-")
        guard (1...64).contains(text.count), text.allSatisfy(allowed.contains) else {
            return "must be an IAM role name: 1 to 64 letters, digits and + = , . @ _ -"
        }
        return nil
    }

    /// Why `text` cannot be the webhook: empty (no webhook), an `https` URL, or `http` to this machine's
    /// loopback address (a relay beside Portico, or a test's listener), never plain `http` across a network.
    package static func webhookURLProblem(_ text: String) -> String? {
        guard !text.isEmpty else { return nil }
        if (try? HTTPSURL.parse(text)) != nil { return nil }
        let loopback = [
            "http://127.0.0.1:", "http://127.0.0.1/", "http://[::1]:", "http://[::1]/", "http://localhost:", "http://localhost/",
        ]
        if loopback.contains(where: text.hasPrefix), text.count <= HTTPSURL.maximumLength, !text.contains(where: \.isWhitespace) {
            return nil
        }
        return "must be empty, an https URL (a Slack-compatible incoming webhook), or http to a loopback address"
    }
}
