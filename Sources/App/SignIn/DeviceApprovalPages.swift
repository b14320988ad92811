import Domain
import OIDC
import TemplateEngine
import Web

/// `/device`: where a person approves or denies the code their AWS CLI printed (the `verificationUri`;
/// `verificationUriComplete` fills the code in).
///
/// The person signs in first, with MFA as always, and comes back here. The page shows what asked for
/// access (client name, when, from which address and program) before anything is approved, since a
/// code a phishing message sends is the device flow's one weakness (RFC 8628 §5.4). Codes that match nothing
/// count in the login throttle, per person and per address, so user codes cannot be guessed (RFC 8628 §5.1).
struct DeviceApprovalPages: Sendable {
    let pages: PageRenderer
    let signIn: CLISignIn

    func show(_ request: Request) throws -> HTTPResponse {
        let signedIn = try request.signedInUser()
        guard let typed = try request.query["user_code"], !typed.isEmpty else { return try enterCode(request) }
        return try withPending(typed, signedIn: signedIn, request: request) { userCode, pending in
            try pages.page("pages/device", request: request, Self.details(pending, userCode: userCode))
        }
    }

    /// Offloaded: records the decision.
    func decide(_ request: Request) throws -> HTTPResponse {
        let signedIn = try request.signedInUser()
        let form = try request.form()
        let typed = form["user_code"] ?? ""
        return try withPending(typed, signedIn: signedIn, request: request) { userCode, pending in
            guard let decision = form["decision"], decision == "approve" || decision == "deny" else {
                // The code-entry form: show what is asking before anything is approved.
                return try pages.page("pages/device", request: request, Self.details(pending, userCode: userCode))
            }
            let approve = decision == "approve"
            guard try signIn.decideDevice(userCode, approve: approve, by: signedIn, request: request) else {
                return try enterCode(request, typed: typed, error: Self.unknownCode, status: .notFound)
            }
            return try pages.page("pages/device-decided", request: request, ["approved": approve, "userCode": userCode.display])
        }
    }

    /// Runs `body` with the pending authorization the typed code names, or answers the code-entry page: a
    /// code that matches nothing is a failure for the throttle, one that matches gives the attempt back.
    private func withPending(
        _ typed: String, signedIn: SignedInUser, request: Request, _ body: (UserCode, DeviceAuthorization) throws -> HTTPResponse
    ) throws -> HTTPResponse {
        let throttle = signIn.authentication.throttle
        let account = "device-code:" + signedIn.user.id
        if case .throttled(let seconds) = throttle.attempt(account: account, address: request.remoteAddress) {
            var response = try enterCode(
                request, typed: typed, error: "Too many codes matched nothing. Wait \(seconds) seconds, then check the code and try again.",
                status: .tooManyRequests)
            response.headers.replaceOrAdd(name: "Retry-After", value: String(seconds))
            return response
        }
        guard let userCode = UserCode(typed: typed), let pending = try signIn.pendingDevice(userCode) else {
            return try enterCode(request, typed: typed, error: Self.unknownCode, status: .notFound)
        }
        throttle.recordSuccess(account: account, address: request.remoteAddress)
        return try body(userCode, pending)
    }

    static let unknownCode =
        "There is no sign-in waiting for that code. Codes last 10 minutes and work once: check it, or run the sign-in command again."

    private func enterCode(_ request: Request, typed: String = "", error: String? = nil, status: HTTPStatus = .ok) throws -> HTTPResponse {
        var values: TemplateObject = ["typed": typed]
        if let error { values["codeError"] = .string(error) }
        return try pages.page("pages/device-code", request: request, values, status: status)
    }

    private static func details(_ pending: DeviceAuthorization, userCode: UserCode) -> TemplateObject {
        [
            "userCode": userCode.display, "clientName": pending.client.name, "requestedAt": DurationText.moment(pending.createdAt),
            "address": pending.ip, "program": BrowserFamily.cliName(userAgent: pending.userAgent), "userAgent": pending.userAgent,
            "expiresAt": DurationText.moment(pending.expiresAt),
        ]
    }
}
