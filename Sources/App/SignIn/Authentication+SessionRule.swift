import Domain
import SQLite
import Storage

extension Authentication {
    /// Who the session list names as having ended a session the MFA rule no longer admits.
    static let mfaRuleRevoker = "mfa-rule"

    /// Whether `session` still meets its user's MFA rule, read now.
    ///
    /// A session that began without a security key or passkey before its user came under the phishing-resistant
    /// rule (a group joined, a group's rule tightened, by a form, `apply` or SCIM alike) does not: it must not
    /// outlive the rule by up to 90 days. It ends on its next use, in the browser and on the CLI, and the next
    /// sign-in leads to a key. A session that used a key meets every rule, so it costs no read.
    static func sessionMeetsMFARule(_ session: PortalSession, db: Connection) throws -> Bool {
        if session.authMethod.isPhishingResistant { return true }
        return try GroupStore(db).strictestMFARule(userID: session.userID).accepts(session.authMethod)
    }

    /// Ends `session` as one the MFA rule no longer admits: later, off the caller's thread, since an event loop
    /// never waits for the writer. Until then the session is refused all the same.
    func endSessionOutsideMFARule(_ session: PortalSession) {
        let now = clock.epochSeconds
        writer.enqueue("ending a session outside the MFA rule") { db in
            try SessionStore(db).revoke(id: session.id, userID: session.userID, by: Self.mfaRuleRevoker, now: now)
        }
    }
}
