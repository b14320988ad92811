import Crypto
import Domain
import JSON
import SQLite
import Storage
import Web

extension Authentication {
    /// After the first factor (a password, or an identity provider's assertion): a session at once, or the
    /// second factor Portico's MFA setting asks for first, or enrolment of a first authenticator.
    ///
    /// `federation` is the identity provider that vouched for the user; `multiFactorDone` says it also
    /// vouched for a second factor Portico trusts, which then counts as Portico's own.
    func continueSignIn(
        of user: User, returnTo: String, request: Request, federation: SessionFederation? = nil, multiFactorDone: Bool = false
    ) throws -> HTTPResponse {
        let firstFactor: PortalSession.AuthMethod = federation == nil ? .password : .saml
        let (state, credentials) = try database.read { db in
            (try SecondFactorState(userID: user.id, db: db), try KnownBrowserCookie.credentialFingerprint(userID: user.id, db: db))
        }
        // An identity provider's MFA counts as Portico's own, except for a user whose groups want a phishing-resistant
        // factor: nothing in its assertion says the factor could not have been relayed.
        if multiFactorDone, !state.requirement.requiresPhishingResistance {
            let cookie = try database.write { db in
                try startSession(
                    for: user, method: firstFactor, request: request, db: db, extraDetails: ["mfa": .string("identity provider")],
                    federation: federation)
            }
            return try HTTPResponse.redirect(toPath: returnTo).settingCookie(cookie)
        }
        // `new-device` lets a user with a factor skip it only in a browser that passed a second factor for them
        // in the last 30 days; `always`, and a group rule, ignore that cookie and, without a factor, send the user
        // to enrol one before any session starts.
        if state.hasAcceptedFactor, state.requirement.remembersBrowsers,
            KnownBrowserCookie.vouches(
                for: user.id, value: request.cookies[SessionCookies.knownBrowser], credentials: credentials,
                secret: secret, now: clock.epochSeconds)
        {
            let cookie = try database.write { db in
                try startSession(
                    for: user, method: firstFactor, request: request, db: db, extraDetails: ["known_browser": .bool(true)],
                    federation: federation)
            }
            return try HTTPResponse.redirect(toPath: returnTo).settingCookie(cookie)
        }
        // A user with only an authenticator app whose group now wants a security key proves the app's code first
        // (`/mfa` then leads to adding a key): a password alone must never be enough to add a factor.
        if state.hasAcceptedFactor || (state.mustEnrol && state.hasAnyFactor) {
            let pending = PendingSignIn(
                userID: user.id, expiresAt: clock.epochSeconds + Authentication.pendingMFASeconds,
                identityProviderID: federation?.provider.id)
            var response = try HTTPResponse.redirect(toPath: ReturnPath.signInPath("/mfa", returningTo: returnTo))
            response.setCookie(
                cookies.pendingMFA(
                    pending.cookieValue(secret: secret), maxAge: Authentication.pendingMFASeconds))
            return response
        }
        if state.mustEnrol {
            // No session without a second factor: the password only opens enrolment of a first one. An
            // authenticator app's secret is made now unless the user's groups accept only security keys.
            if state.acceptsCodes {
                try database.write { db in
                    _ = try MFAEnrolment.begin(
                        userID: user.id, name: MFAEnrolment.firstDeviceName, now: clock.epochSeconds,
                        secrets: totpSecrets, db: db)
                }
            }
            return try enrolmentRedirect(
                for: user, returnTo: returnTo, identityProviderID: federation?.provider.id, secondFactorVerified: false)
        }
        let cookie = try database.write { db in
            try startSession(for: user, method: firstFactor, request: request, db: db, federation: federation)
        }
        return try HTTPResponse.redirect(toPath: returnTo).settingCookie(cookie)
    }

    /// Sends the user to `/mfa/enrol` with a pending cookie that opens it for them.
    func enrolmentRedirect(for user: User, returnTo: String, identityProviderID: String?, secondFactorVerified: Bool) throws
        -> HTTPResponse
    {
        let pending = PendingSignIn(
            userID: user.id, expiresAt: clock.epochSeconds + Authentication.pendingEnrolmentSeconds, mustEnrol: true,
            secondFactorVerified: secondFactorVerified, identityProviderID: identityProviderID)
        var response = try HTTPResponse.redirect(toPath: ReturnPath.signInPath("/mfa/enrol", returningTo: returnTo))
        response.setCookie(cookies.pendingMFA(pending.cookieValue(secret: secret), maxAge: Authentication.pendingEnrolmentSeconds))
        return response
    }

    /// Starts the session a second factor completed: for a sign-in that began at an identity provider, a
    /// SAML session of that provider (the factor is noted in the audit event), else one of `method`.
    ///
    /// Throws 403 when the provider was removed since its assertion was accepted: nobody typed a password,
    /// so the sign-in has nothing left to stand on (and rolls back with the caller's transaction).
    func startSession(
        afterSecondFactorOf pending: PendingSignIn, user: User, method: PortalSession.AuthMethod, request: Request, db: Connection,
        extraDetails: [String: JSONNode] = [:]
    ) throws -> SetCookie {
        guard let providerID = pending.identityProviderID else {
            return try startSession(for: user, method: method, request: request, db: db, extraDetails: extraDetails)
        }
        guard let provider = try IdentityProviderStore(db).find(id: providerID) else {
            throw HTTPError(
                .forbidden,
                "The organisation sign-in you started with was removed from Portico while you were signing in. Sign in again.")
        }
        return try startSession(
            for: user, method: method.isPhishingResistant ? .samlAndSecurityKey : .saml, request: request, db: db,
            extraDetails: extraDetails.merging(["mfa": .string(method.rawValue)]) { $1 },
            federation: SessionFederation(provider: provider, sessionIndex: nil))
    }

    /// Records a refused security-key answer: a failed sign-in step, and for a counter that did not move
    /// forwards also `mfa.webauthn.counter`, which admins see on the user's page.
    func auditSecurityKeyRefusal(_ refusal: SecurityKeys.Refusal, user: User, request: Request, action: String = "auth.signin") throws {
        try database.write { db in
            try audit(
                action, actor: user.email, target: user.id, outcome: .failure, request: request, db: db,
                details: ["reason": .string(refusal.reason)])
            if let counter = refusal.counter {
                try audit(
                    "mfa.webauthn.counter", actor: user.email, target: user.id, outcome: .failure, request: request, db: db,
                    details: [
                        "credential": .number(Double(counter.credential.id)), "name": .string(counter.credential.name),
                        "stored_count": .number(Double(counter.stored)), "received_count": .number(Double(counter.received)),
                    ])
            }
        }
    }
}
