import AWS
import HTTPClient

/// Why `RoleCredentials` gave no credentials, worded for the person who asked and the admin who can fix it.
///
/// Nothing here carries the assertion or a credential: the messages end up on pages, in API errors and in
/// audit events. `notHeld` is one case for an unknown account, an unknown role and a role not held, so an
/// answer never tells which accounts exist.
enum RoleCredentialsError: Error, Sendable, CustomStringConvertible {
    /// The user does not hold `roleName` in `accountID` (or either does not exist).
    case notHeld(accountID: String, roleName: String)
    /// The account is reached by switching role from `jumpAccountID`'s `jumpRoleName`: AssumeRoleWithSAML
    /// reaches only the jump role, and the switch needs an `sts:AssumeRole` signed with SigV4.
    case reachedThroughJumpAccount(accountID: String, roleName: String, jumpAccountID: String, jumpRoleName: String)
    /// The request could not be made within STS's limits (a duration outside 15 min to 12 h, an assertion too long).
    case invalidRequest(AssumeRoleWithSAMLRequestError)
    /// STS answered with an error.
    case refused(STSServiceError)
    /// No answer from STS at `endpoint`: no connection, a timeout, a TLS failure.
    case unreachable(endpoint: String, OutboundError)
    /// STS at `endpoint` answered with HTTP `status` and a body that is neither credentials nor an error.
    case unreadableResponse(endpoint: String, status: Int, reason: String)

    /// The audit event's `reason`.
    var reason: String {
        switch self {
        case .notHeld: "not_assigned"
        case .reachedThroughJumpAccount: "jump_account"
        case .invalidRequest: "invalid_request"
        case .refused: "sts_refused"
        case .unreachable: "sts_unreachable"
        case .unreadableResponse: "sts_unreadable"
        }
    }

    /// A short title for a page.
    var title: String {
        switch self {
        case .notHeld: "You cannot get credentials for this role"
        case .reachedThroughJumpAccount: "Access keys for this account are not available yet"
        case .invalidRequest: "Portico could not ask AWS for credentials"
        case .refused: "AWS refused the credentials"
        case .unreachable: "AWS STS could not be reached"
        case .unreadableResponse: "AWS STS gave an answer Portico cannot read"
        }
    }

    var description: String {
        switch self {
        case .notHeld:
            return "You do not hold this role in this account. Ask a Portico administrator or the account's owner for access."
        case .reachedThroughJumpAccount(let accountID, let roleName, let jumpAccountID, let jumpRoleName):
            return "Account \(accountID) is reached by switching role from the jump account \(jumpAccountID): STS signs you in to "
                + "the role \(jumpRoleName) there, and only a signed sts:AssumeRole call can switch into \(roleName), which Portico "
                + "does not make yet. Open the console for this role instead, or assume arn:aws:iam::\(accountID):role/\(roleName) "
                + "from a session of \(jumpRoleName) in \(jumpAccountID)."
        case .invalidRequest(let error):
            return "\(error) Ask a Portico administrator."
        case .refused(let error):
            return error.description
        case .unreachable(let endpoint, let error):
            let why =
                switch error.kind {
                case .couldNotConnect: "no connection could be made (check the address, DNS, the firewall and the proxy settings)"
                case .timedOut: "it did not answer in time (check the network path and the proxy settings)"
                case .tls:
                    "the TLS handshake failed or its certificate is not trusted (check the system's CA bundle, the clock, "
                        + "or an intercepting proxy's certificate)"
                case .tooLarge: "its answer was larger than Portico accepts"
                case .other: "the request failed"
                }
            return "Portico could not get an answer from STS at \(endpoint): \(why). \(error.message). "
                + "An administrator can check the STS endpoint setting (--sts-endpoint, PORTICO_STS_ENDPOINT)."
        case .unreadableResponse(let endpoint, let status, let reason):
            return "STS at \(endpoint) answered HTTP \(status), and Portico could not read the answer: \(reason). "
                + "An administrator can check that the STS endpoint setting (--sts-endpoint, PORTICO_STS_ENDPOINT) names AWS STS."
        }
    }
}
