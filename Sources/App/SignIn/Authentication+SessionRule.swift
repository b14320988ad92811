import Domain
import Storage

extension Authentication {
    /// Ends `session`, which a lookup found outside its user's MFA rule (`SessionStore.outsideMFARuleSQL`): later,
    /// off the caller's thread, since an event loop never waits for the writer. Lookups refuse it until then.
    func endSessionOutsideMFARule(_ session: PortalSession) {
        let now = clock.epochSeconds
        writer.enqueue("ending a session outside the MFA rule") { db in
            try SessionStore(db).revoke(id: session.id, userID: session.userID, by: SessionStore.mfaRuleRevoker, now: now)
        }
    }
}
