import AWS
import Dispatch
import Domain
import HTTPClient
import JSON
import SQLite
import Storage
import Web

/// Tells the notification webhook (`notification_webhook_url`, Slack-compatible) when an account Portico
/// keeps in sync fails, and when it recovers, naming the change and who made it; and, when the settings ask
/// for it, of every assignment an account's owner adds or removes.
///
/// Posts go out on a queue of their own, one at a time, so a slow webhook never holds up an attempt; a post
/// that fails is logged and not retried (the next failure or recovery is news again).
struct ProvisioningNotifier: Sendable {
    let database: Database
    let client: HTTPSClient
    let log: AccessLog
    private let queue = DispatchQueue(label: "portico.provisioning-webhook")

    init(database: Database, client: HTTPSClient = HTTPSClient(), log: AccessLog) {
        self.database = database
        self.client = client
        self.log = log
    }

    /// - Parameter change: the newest change to the directory (`assignment.create <id>`), when the audit log names one.
    func failed(account: AWSAccountSetup, message: String, change: String?, changedBy: String) {
        post(
            "Portico could not keep AWS account \(account.accountName) (\(account.accountID)) in sync after "
                + Self.change(change, by: changedBy) + ": " + message)
    }

    func recovered(account: AWSAccountSetup, change: String?, changedBy: String) {
        post(
            "AWS account \(account.accountName) (\(account.accountID)) is in sync again, after " + Self.change(change, by: changedBy) + ".")
    }

    /// An account's owner changed its assignments (issue 20), when `notify_owner_changes` is on.
    func ownerChanged(_ text: String) {
        post(text)
    }

    private static func change(_ change: String?, by actor: String) -> String {
        change.map { "\($0) by \(actor)" } ?? "a change by \(actor)"
    }

    /// The body Slack's incoming webhooks take; other chat tools accept the same `text` field.
    static func body(_ text: String) -> [UInt8] {
        Array(JSONNode.object(["text": .string(text)]).text().utf8)
    }

    private func post(_ text: String) {
        queue.async {
            guard let url = try? database.read({ try SettingsStore($0).provisioning() }).webhookURL else { return }
            do {
                let response = try client.send(
                    OutboundRequest(
                        method: "POST", url: url, headers: [(name: "Content-Type", value: "application/json")], body: Self.body(text)))
                if !(200..<300).contains(response.status) {
                    log.log(.warning, "notification webhook refused the message", fields: [("status", String(response.status))])
                }
            } catch {
                log.log(.warning, "notification webhook could not be reached", fields: [("error", "\(error)")])
            }
        }
    }
}
