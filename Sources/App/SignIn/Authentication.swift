import Crypto
import Domain
import JSON
import SQLite
import Storage
import Time
import Web

/// What the sign-in and session pages share: the store, the server secret, the throttle, the password
/// hasher, the background writer, the cookie attributes and the clock.
///
/// Handlers stay straight-line by calling these few steps (check a password, start a session, audit)
/// instead of repeating them; the security decisions live here once.
struct Authentication: Sendable {
    /// How long the "password was right, now the code" step may take.
    static let pendingMFASeconds = 5 * 60
    /// How long forced enrolment may take: long enough to install an authenticator app.
    static let pendingEnrolmentSeconds = 15 * 60

    /// A well-formed hash at the default cost that no password matches.
    ///
    /// Unknown emails are checked against it so that a wrong email costs the same scrypt run as a wrong
    /// password, and response times do not reveal which addresses have accounts.
    static let dummyPasswordHash: String = {
        let cost = PasswordHasher.Cost.default
        return "$scrypt$ln=\(cost.logN),r=\(cost.blockSize),p=\(cost.parallelism)$c2FsdHNhbHRzYWx0c2FsdA$"
            + String(repeating: "A", count: 43)
    }()

    let database: Database
    let secret: ServerSecret
    let throttle: LoginThrottle
    /// Wrong second-factor codes one account may have, whatever the address or sign-in.
    let secondFactorLimit: SecondFactorLimit
    let hasher: PasswordHasher
    let writer: BackgroundWriter
    let cookies: SessionCookies
    /// Opens the TOTP secrets the database holds sealed.
    let totpSecrets: TOTPSecretBox
    /// Every time a sign-in, session or one-time link depends on comes from here; tests move it by hand.
    let clock: WallClock

    /// The CSRF token of the session whose token hashes to `tokenHash`.
    func csrfToken(sessionTokenHash tokenHash: String) -> String {
        secret.mac("csrf", tokenHash)
    }

    /// Whether `password` is the user's; runs scrypt even when there is no user or no password.
    func checkPassword(_ password: String, storedHash: String?) -> Bool {
        let matches = hasher.verify(password, against: storedHash ?? Self.dummyPasswordHash)
        return storedHash != nil && matches
    }

    /// Replaces a stored hash made with a lower cost than today's by one at today's cost, now that the
    /// password is at hand. Sessions stay valid (the password is unchanged); remembered browsers ask for a
    /// code once more, since their MAC covers the stored hash. Only raising the default cost does this.
    func rehashIfWeaker(_ password: String, storedHash: String, user: User, request: Request) throws {
        guard hasher.needsRehash(storedHash) else { return }
        let stronger = hasher.hash(password)
        try database.write { db in
            try CredentialStore(db).setPasswordHash(userID: user.id, hash: stronger, now: clock.epochSeconds)
            try audit("password.rehash", actor: "portico", target: user.id, request: request, db: db)
        }
    }

    /// Starts a session for `user` inside the caller's write transaction, audits it there, and returns
    /// the cookie that carries its fresh token.
    ///
    /// The token is new at every sign-in, never one the browser sent before, so a session id planted
    /// in a victim's browser before sign-in is worthless (session fixation).
    ///
    /// A SAML sign-in names its identity provider (`federation`): the session remembers it with the
    /// `SessionIndex`, for the provider's logout, and the audit event's method is `saml:<key>`.
    func startSession(
        for user: User, method: PortalSession.AuthMethod, request: Request, db: Connection, auditAction: String = "auth.signin",
        extraDetails: [String: JSONNode] = [:], federation: SessionFederation? = nil
    ) throws -> SetCookie {
        let now = clock.epochSeconds
        let duration = try SettingsStore(db).portalSessionDuration()
        let token = Token.generate()
        let store = SessionStore(db)
        let session = try store.create(
            userID: user.id, tokenHash: Token.hash(token), createdAt: now, lifetimeSeconds: duration.seconds,
            ip: request.remoteAddress, userAgent: request.headers["User-Agent"] ?? "", authMethod: method)
        if let federation {
            try store.attach(sessionID: session.id, identityProviderID: federation.provider.id, sessionIndex: federation.sessionIndex)
        }
        let auditedMethod = federation.map { "saml:" + $0.provider.key } ?? method.rawValue
        try audit(
            auditAction, actor: user.email, target: user.id, request: request, db: db,
            details: extraDetails.merging(
                ["method": .string(auditedMethod), "session_id": .number(Double(session.id))]) { _, fixed in fixed })
        return cookies.session(token: token, maxAge: session.lifetime.cookieMaxAge(at: now))
    }

    /// Appends an audit event in the caller's transaction. `details` must never hold a secret.
    func audit(
        _ action: String, actor: String, target: String = "", outcome: AuditEvent.Outcome = .success, request: Request,
        db: Connection, details: [String: JSONNode] = [:]
    ) throws {
        try AuditStore(db).append(
            AuditEvent(
                time: clock.now().iso8601Milliseconds, actor: String(actor.prefix(320)), action: action, target: target, outcome: outcome,
                ip: request.remoteAddress, requestID: request.requestID, details: JSONNode.object(details).text()))
    }

    /// Runs an admin's `change` and appends its audit event in the same transaction, so nothing is stored
    /// without its event and no event names a change that was rolled back.
    func recordChange(
        _ action: String, by actor: SignedInUser, target: String, request: Request, details: [String: JSONNode],
        _ change: (Connection) throws -> Void
    ) throws {
        try recordChange(action, by: actor, target: target, request: request) { db in
            try change(db)
            return details
        }
    }

    /// The same for a change whose event tells what it did (sessions ended, assignments removed): `change`
    /// returns the event's details.
    func recordChange(
        _ action: String, by actor: SignedInUser, target: String, request: Request,
        reporting change: (Connection) throws -> [String: JSONNode]
    ) throws {
        try database.write { db in
            let details = try change(db)
            try audit(action, actor: actor.user.email, target: target, request: request, db: db, details: details)
        }
    }

    /// Refuses a second-factor attempt while the address (or typed email) must wait, or while the
    /// account's own limit holds; every attempt counts as wrong until `codeAccepted` says otherwise.
    ///
    /// The account's limit is in the database and outlives sign-ins, so a known password does not buy a
    /// fresh allowance of guesses per sign-in or per address. The attempt that flags the account as being
    /// guessed is audited as `auth.mfa.guessing`, which admins see on the user's page.
    func admitCodeAttempt(by user: User, request: Request) throws {
        if case .throttled(let seconds) = throttle.attempt(account: user.email, address: request.remoteAddress) {
            try auditFailure(reason: "throttled", email: user.email, userID: user.id, request: request)
            throw HTTPError(
                .tooManyRequests,
                "There were too many wrong codes for this account or from your network, so sign-in is paused for a while. Try again in \(DurationText.wait(seconds)).",
                headers: ["Retry-After": String(seconds)])
        }
        let admission = try database.write { db in
            let admission = try SecondFactorFailureStore(db).admit(userID: user.id, now: clock.epochSeconds, limit: secondFactorLimit)
            if case .allowed(raisedAlarm: true) = admission {
                try audit(
                    "auth.mfa.guessing", actor: user.email, target: user.id, outcome: .failure, request: request, db: db,
                    details: ["wrong_codes": .number(Double(secondFactorLimit.alarmFailures))])
            }
            return admission
        }
        guard case .throttled(let seconds) = admission else { return }
        try auditFailure(reason: "throttled_account", email: user.email, userID: user.id, request: request)
        throw HTTPError(
            .tooManyRequests,
            "There were too many wrong codes for this account, so codes are not accepted for a while. Try again in \(DurationText.wait(seconds)). If these were not your attempts, tell an administrator: someone may know your password.",
            headers: ["Retry-After": String(seconds)])
    }

    /// A second factor was right, in the caller's transaction: the account's count of wrong codes starts afresh,
    /// and the attempt `admitCodeAttempt` counted against the account and the address is given back.
    ///
    /// Every path that admits a code attempt ends here or in a refusal, so a right answer can never be
    /// left counted as a wrong one (five "confirm it's you" codes in a row would otherwise pause the account).
    func codeAccepted(by user: User, request: Request, db: Connection) throws {
        try SecondFactorFailureStore(db).recordCorrectCode(userID: user.id)
        throttle.recordSuccess(account: user.email, address: request.remoteAddress)
    }

    /// Refuses a password attempt with 429 and `Retry-After` while the typed account or the address must
    /// wait, auditing the refusal as `action` (a sign-in, or a re-verification on `/me/confirm`).
    func admitPasswordAttempt(account: String, userID: String = "", request: Request, action: String = "auth.signin") throws {
        guard case .throttled(let seconds) = throttle.attempt(account: account, address: request.remoteAddress) else { return }
        try auditFailure(reason: "throttled", email: account, userID: userID, request: request, action: action)
        throw HTTPError(
            .tooManyRequests,
            "There were too many failed sign-in attempts for this account or from your network, so sign-in is paused for a while to protect the account. Try again in \(DurationText.wait(seconds)).",
            headers: ["Retry-After": String(seconds)])
    }

    /// Records a failed sign-in (or re-verification, by `action`) in its own transaction.
    func auditFailure(reason: String, email: String, userID: String = "", request: Request, action: String = "auth.signin") throws {
        try database.write { db in
            try audit(
                action, actor: email, target: userID, outcome: .failure, request: request, db: db, details: ["reason": .string(reason)])
        }
    }
}
