import Domain
import SQLite
import Storage
import Web

/// The questions asked before the user page's destructive actions (ending every session, resetting MFA,
/// disabling), each naming what exactly will happen to whom; see `Confirmation`.
extension AdminUserPages {
    func confirmEndAllSessions(_ request: Request) throws -> HTTPResponse {
        try endAllSessionsConfirmation(try findUser(request)).response(pages, request: request)
    }

    func confirmResetMFA(_ request: Request) throws -> HTTPResponse {
        try resetMFAConfirmation(try findUser(request)).response(pages, request: request)
    }

    func confirmDisable(_ request: Request) throws -> HTTPResponse {
        try disableConfirmation(try disablableUser(request)).response(pages, request: request)
    }

    /// The user the path names, unless the admin may not disable them: themselves (that would lock the door
    /// behind them), or a user whose status their identity provider sends; refused before any question.
    func disablableUser(_ request: Request) throws -> User {
        let admin = try request.admin()
        let user = try findUser(request)
        guard user.id != admin.user.id else { throw HTTPError(.conflict, "You cannot disable your own account.") }
        guard !user.source.isProviderOwned else {
            throw DirectorySource.providerOwns(
                "this user", "their status follows the active value it sends, so disable or enable them there.")
        }
        return user
    }

    func endAllSessionsConfirmation(_ user: User) throws -> Confirmation {
        let sessions = try activeSessions(of: user)
        return Confirmation(
            title: "End all sessions of \(user.displayName)?",
            effects: [
                "Ends \(Confirmation.counted(sessions, "active session", "active sessions")) of \(user.displayName) (\(user.email)) at once: "
                    + "every browser and command line signed in as them must sign in again.",
                "AWS console sessions and credentials already handed out last until they expire.",
            ],
            action: "/admin/users/\(user.id)/sessions/end-all", button: "End all sessions", cancelPath: "/admin/users/\(user.id)",
            section: .users)
    }

    func resetMFAConfirmation(_ user: User) throws -> Confirmation {
        let (apps, keys, codes, state) = try authentication.database.read { db in
            (
                try MFAStore(db).devices(userID: user.id).count, try WebAuthnStore(db).credentials(userID: user.id).count,
                try MFAStore(db).remainingRecoveryCodes(userID: user.id), try SecondFactorState(userID: user.id, db: db)
            )
        }
        let removed = Confirmation.listed([
            Confirmation.counted(apps, "authenticator app", "authenticator apps"),
            Confirmation.counted(keys, "security key or passkey", "security keys and passkeys"),
            Confirmation.counted(codes, "recovery code", "recovery codes"),
        ])
        let next =
            state.requirement.requiresSecondFactor
            ? "\(user.displayName) will be asked to set up MFA again at their next sign-in."
            : "MFA is not required of \(user.displayName), so their next sign-in asks for no second step until they set one up again."
        return Confirmation(
            title: "Reset MFA for \(user.displayName)?",
            effects: [
                "Removes \(removed) of \(user.displayName) (\(user.email)).", next,
                "Sessions already signed in are not ended; end them too if a factor was lost or stolen.",
            ],
            action: "/admin/users/\(user.id)/mfa/reset", button: "Reset MFA", cancelPath: "/admin/users/\(user.id)", section: .users)
    }

    func disableConfirmation(_ user: User) throws -> Confirmation {
        let sessions = try activeSessions(of: user)
        return Confirmation(
            title: "Disable \(user.displayName)?",
            effects: [
                "\(user.displayName) (\(user.email)) can no longer sign in, to the portal or from the command line.",
                "Ends \(Confirmation.counted(sessions, "active session", "active sessions")) at once.",
                "Groups, assignments and MFA are kept, so enabling them again restores their access as it was.",
            ],
            action: "/admin/users/\(user.id)/disable", button: "Disable user", cancelPath: "/admin/users/\(user.id)", section: .users)
    }

    private func activeSessions(of user: User) throws -> Int {
        let now = authentication.clock.epochSeconds
        return try authentication.database.read { try SessionStore($0).activeCount(userID: user.id, now: now) }
    }
}
