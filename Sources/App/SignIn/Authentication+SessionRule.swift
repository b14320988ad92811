import Domain
import JSON
import Storage
import Web

extension Authentication {
    /// Ends `session`, which a lookup found outside its user's MFA rule (`SessionStore.outsideMFARuleSQL`), with
    /// its `session.end` event: later, off the caller's thread, since an event loop never waits for the writer.
    /// Lookups refuse the session until then; only the request that ended it is audited.
    func endSessionOutsideMFARule(_ session: PortalSession, request: Request) {
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
