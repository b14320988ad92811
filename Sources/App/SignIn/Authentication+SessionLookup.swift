import Domain
import JSON
import Storage
import Web

extension Authentication {
    /// The session a lookup (browser or CLI) found active, its last use noted off the event loop; nil for none,
    /// and for a session outside its user's MFA rule, which is ended.
    func admit(_ lookup: SessionStore.Lookup, request: Request) -> (session: PortalSession, user: User)? {
        switch lookup {
        case .none:
            return nil
        case .outsideMFARule(let session):
            endSessionOutsideMFARule(session, request: request)
            return nil
        case .active(let session, let user):
            let now = clock.epochSeconds
            if now - session.lastSeenAt >= SessionStore.touchInterval { writer.touch(sessionID: session.id, now: now) }
            return (session, user)
        }
    }

    /// Ends `session`, which a lookup found outside its user's MFA rule (`SessionStore.outsideMFARuleSQL`), with
    /// its `session.end` event: later, off the caller's thread, since an event loop never waits for the writer.
    /// Lookups refuse the session until then; only the request that ended it is audited.
    private func endSessionOutsideMFARule(_ session: PortalSession, request: Request) {
        let now = clock.epochSeconds
        writer.enqueue("ending a session outside the MFA rule") { db in
            guard try SessionStore(db).revoke(id: session.id, userID: session.userID, by: SessionStore.mfaRuleRevoker, now: now)
            else { return }
            try audit(
                "session.end", actor: SessionStore.mfaRuleRevoker, target: session.userID, request: request, db: db,
                details: [
                    "session_id": .number(Double(session.id)), "method": .string(session.authMethod.rawValue),
                    "reason": .string("The user's groups now ask for a security key or passkey."),
                ])
        }
    }
}
