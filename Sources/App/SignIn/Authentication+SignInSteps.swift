import Crypto
import Domain
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
        if multiFactorDone {
            let cookie = try database.write { db in
                try startSession(
                    for: user, method: firstFactor, request: request, db: db, extraDetails: ["mfa": .string("identity provider")],
                    federation: federation)
            }
            return try HTTPResponse.redirect(toPath: returnTo).settingCookie(cookie)
        }
        let (mode, hasDevice, credentials) = try database.read { db in
            (
                try SettingsStore(db).mfaMode(), try MFAStore(db).hasConfirmedDevice(userID: user.id),
                try KnownBrowserCookie.credentialFingerprint(userID: user.id, db: db)
            )
        }
        // `new-device` lets a user with a device skip the code only in a browser that passed a second
        // factor for them in the last 30 days; `always` ignores that cookie and, without a device, sends
        // the user to enrol one before any session starts.
        if hasDevice, mode == .newDevice,
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
        if hasDevice {
            let pending = PendingSignIn(
                userID: user.id, expiresAt: clock.epochSeconds + Authentication.pendingMFASeconds,
                identityProviderID: federation?.provider.id)
            var response = try HTTPResponse.redirect(toPath: ReturnPath.signInPath("/mfa", returningTo: returnTo))
            response.setCookie(
                cookies.pendingMFA(
                    pending.cookieValue(secret: secret), maxAge: Authentication.pendingMFASeconds))
            return response
        }
        if mode == .always {
            // No session without a second factor: the password only opens enrolment of a first device.
            try database.write { db in
                _ = try MFAEnrolment.begin(
                    userID: user.id, name: MFAEnrolment.firstDeviceName, now: clock.epochSeconds,
                    secrets: totpSecrets, db: db)
            }
            let pending = PendingSignIn(
                userID: user.id, expiresAt: clock.epochSeconds + Authentication.pendingEnrolmentSeconds, mustEnrol: true,
                identityProviderID: federation?.provider.id)
            var response = try HTTPResponse.redirect(toPath: ReturnPath.signInPath("/mfa/enrol", returningTo: returnTo))
            response.setCookie(
                cookies.pendingMFA(
                    pending.cookieValue(secret: secret), maxAge: Authentication.pendingEnrolmentSeconds))
            return response
        }
        let cookie = try database.write { db in
            try startSession(for: user, method: firstFactor, request: request, db: db, federation: federation)
        }
        return try HTTPResponse.redirect(toPath: returnTo).settingCookie(cookie)
    }

    /// Starts the session a second factor completed: for a sign-in that began at an identity provider, a
    /// SAML session of that provider (the code is noted in the audit event), else one of `method`.
    func startSession(
        afterSecondFactorOf pending: PendingSignIn, user: User, method: PortalSession.AuthMethod, request: Request, db: Connection
    ) throws -> SetCookie {
        guard let providerID = pending.identityProviderID, let provider = try IdentityProviderStore(db).find(id: providerID) else {
            return try startSession(for: user, method: method, request: request, db: db)
        }
        return try startSession(
            for: user, method: .saml, request: request, db: db, extraDetails: ["mfa": .string(method.rawValue)],
            federation: SessionFederation(provider: provider, sessionIndex: nil))
    }
}
