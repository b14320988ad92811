import SAML
import Synchronization
import Time

/// Credentials for one member account, got by assuming its provisioning role through STS `AssumeRole`
/// and kept until five minutes before they expire, so a reconcile of many roles assumes the role once.
package final class ProvisioningRoleCredentials: Sendable {
    /// `arn:<partition>:iam::<account>:role/<name>`.
    package let roleARN: String
    package let sessionName: String
    package let durationSeconds: Int
    private let sts: AWSQueryClient
    private let clock: WallClock
    private let cached = Mutex<AWSCredentials?>(nil)

    /// Credentials are renewed this long before they expire.
    package static let renewalMargin: Int64 = 300

    /// - Parameter sts: a client for STS (`service: "sts"`, version `2011-06-15`) signing with the base credentials.
    package init(
        roleARN: String, sts: AWSQueryClient, sessionName: String = "portico-provisioning", durationSeconds: Int = 3600,
        clock: WallClock = .system
    ) {
        self.roleARN = roleARN
        self.sts = sts
        self.sessionName = sessionName
        self.durationSeconds = durationSeconds
        self.clock = clock
    }

    /// The role ARN for `roleName` in `accountID`.
    package static func roleARN(partition: AWSPartition, accountID: String, roleName: String) -> String {
        "arn:\(partition.rawValue):iam::\(accountID):role/\(roleName)"
    }

    /// The cached credentials, or new ones from STS when there are none or they expire within five minutes.
    package func credentials() throws(AWSCallError) -> AWSCredentials {
        let now = Int64(clock.epochSeconds)
        if let current = cached.withLock({ $0 }), let expiration = current.expiration, expiration - Self.renewalMargin > now {
            return current
        }
        let fresh = try assumeRole()
        cached.withLock { $0 = fresh }
        return fresh
    }

    private func assumeRole() throws(AWSCallError) -> AWSCredentials {
        let action = "AssumeRole"
        let root = try sts.call(
            action, [("RoleArn", roleARN), ("RoleSessionName", sessionName), ("DurationSeconds", String(durationSeconds))], isWrite: false)
        let credentials = try root.result(of: action).required("Credentials", action: action)
        let expirationText = try credentials.requiredText(of: "Expiration", action: action)
        guard let expiration = SAMLInstant.parse(expirationText) else {
            throw .unreadableResponse(action: action, status: 200, reason: "its Expiration is not an ISO 8601 time")
        }
        return AWSCredentials(
            accessKeyID: try credentials.requiredText(of: "AccessKeyId", action: action),
            secretAccessKey: try credentials.requiredText(of: "SecretAccessKey", action: action),
            sessionToken: try credentials.requiredText(of: "SessionToken", action: action), expiration: expiration)
    }
}
