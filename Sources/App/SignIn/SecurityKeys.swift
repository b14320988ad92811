import Crypto
import Domain
import SQLite
import Storage
import TemplateEngine
import WebAuthn

/// The two WebAuthn ceremonies as Portico's pages run them: the values a page gives `Public/webauthn.js`, and
/// the checks of what comes back, with the one-time challenge, the stored key and its counter.
///
/// Every page that registers a key or signs in with one (`/me/mfa`, the code step, forced enrolment, the
/// passkey button on the login page) goes through here, so the rules hold in one place: the relying party is
/// the base URL's host, the origin is the base URL's, a challenge is answered once, and a counter only moves
/// forwards.
struct SecurityKeys: Sendable {
    let authentication: Authentication
    /// Nil when the base URL cannot carry WebAuthn (browsers refuse an IP address as a relying party); the
    /// pages then say so instead of offering a button that cannot work.
    let relyingParty: RelyingParty?

    init(authentication: Authentication, baseURL: String) {
        self.authentication = authentication
        let relyingParty = try? RelyingParty(baseURL: baseURL)
        self.relyingParty = relyingParty?.supportsWebAuthn == true ? relyingParty : nil
    }

    /// Why a key's answer was refused: in words for the person, and as the audit event's reason.
    struct Refusal: Error {
        var message: String
        var reason: String
        /// Set when the key's counter did not move forwards: a sign of a cloned key, audited on its own.
        var counter: (credential: WebAuthnCredential, stored: UInt32, received: UInt32)?

        static let malformed = Refusal(
            message: "Your browser did not send a complete answer from the security key. Try again, or use another way to sign in.",
            reason: "webauthn_malformed")
        static let staleChallenge = Refusal(
            message: "This request to your security key was already used or has expired. Try again.", reason: "webauthn_challenge")
        static let unknownKey = Refusal(
            message: "Portico does not know this security key or passkey. Use one you added on your two-step verification page.",
            reason: "webauthn_unknown_credential")
        static let duplicateName = Refusal(message: "You already have a security key with that name.", reason: "duplicate_name")
        /// Credential ids are unique across users: a key is one person's, and a passkey names its holder.
        static let alreadyRegistered = Refusal(
            message: "This security key is already added to Portico. Use it to sign in, or add a different key.",
            reason: "webauthn_already_registered")
        static let notVerified = Refusal(
            message:
                "Your passkey did not check that it is you (a PIN, fingerprint or face). Sign in with your email and password, then use the key.",
            reason: "webauthn_user_not_verified")
    }

    // MARK: Page values

    /// What a page that adds a key puts on its form for the script: a fresh challenge for this user, and the keys
    /// they have, which the browser then refuses to register twice.
    func registrationValues(user: User, existing: [WebAuthnCredential]) -> TemplateObject {
        guard let relyingParty else { return ["webAuthnUnavailable": true] }
        let challenge = WebAuthnChallenge.issue(
            purpose: .registration, userID: user.id, secret: authentication.secret, now: authentication.clock.epochSeconds)
        let values: TemplateObject = [
            "challenge": Base64URL.encode(challenge), "rpID": relyingParty.id, "rpName": relyingParty.name,
            "userHandle": Base64URL.encode(Array(user.id.utf8)), "userName": user.email, "userDisplayName": user.displayName,
            "exclude": existing.map { Base64URL.encode($0.credentialID) }.joined(separator: ","),
        ]
        return ["webAuthn": values.templateValue]
    }

    /// What a page that signs in with a key puts on its form: a challenge for `purpose` and `userID` ("" for a
    /// passkey, before anyone is known) and the user's keys (none for a passkey: the browser offers its own).
    func assertionValues(purpose: WebAuthnChallenge.Purpose, userID: String, credentials: [WebAuthnCredential]) -> TemplateObject {
        guard let relyingParty else { return ["webAuthnUnavailable": true] }
        let challenge = WebAuthnChallenge.issue(
            purpose: purpose, userID: userID, secret: authentication.secret, now: authentication.clock.epochSeconds)
        let allowed = credentials.map { credential in
            Base64URL.encode(credential.credentialID)
                + (credential.transports.isEmpty ? "" : ":" + credential.transports.joined(separator: "+"))
        }
        let values: TemplateObject = [
            "challenge": Base64URL.encode(challenge), "rpID": relyingParty.id, "allow": allowed.joined(separator: ","),
            "userVerification": purpose == .passkey ? "required" : "preferred",
        ]
        return ["webAuthn": values.templateValue]
    }

    // MARK: Ceremonies

    /// Checks a registration answer for `user` and stores the new key named `name`, in the caller's transaction.
    func register(_ form: SecurityKeyForm, user: User, name: String, db: Connection) throws -> Result<WebAuthnCredential, Refusal> {
        guard let relyingParty else { return .failure(Self.unavailable) }
        guard let clientDataJSON = form.clientDataJSON, let attestationObject = form.attestationObject else {
            return .failure(.malformed)
        }
        let registered: RegisteredCredential
        do {
            let clientData = try ClientData.parse(clientDataJSON)
            guard
                try WebAuthnChallenge.accept(
                    clientData.challenge, purpose: .registration, userID: user.id, secret: authentication.secret,
                    now: authentication.clock.epochSeconds, db: db)
            else { return .failure(.staleChallenge) }
            registered = try WebAuthnVerifier.verifyRegistration(
                clientDataJSON: clientDataJSON, attestationObject: attestationObject, expectedChallenge: clientData.challenge,
                relyingParty: relyingParty, requireUserVerification: false)
        } catch let error as WebAuthnError {
            return .failure(Refusal(message: error.message, reason: "webauthn_" + error.auditReason))
        }
        let credential = WebAuthnCredential(
            userID: user.id, credentialID: registered.credentialID, publicKey: registered.publicKey.bytes,
            algorithm: Int(registered.algorithm.rawValue), signCount: registered.signCount, name: name,
            discoverable: form.discoverable, backupEligible: registered.backupEligible, transports: form.transports,
            createdAt: authentication.clock.epochSeconds)
        do {
            return .success(try WebAuthnStore(db).add(credential))
        } catch StoreError.duplicate(field: "name") {
            return .failure(.duplicateName)
        } catch StoreError.duplicate(field: "credential_id") {
            return .failure(.alreadyRegistered)
        }
    }

    /// Checks a sign-in answer, in the caller's transaction: for `userID`'s keys (the second factor), or for
    /// whoever holds the key when `userID` is nil (a passkey, which must also have verified its user).
    /// On success the key's counter and last use are stored.
    func authenticate(_ form: SecurityKeyForm, purpose: WebAuthnChallenge.Purpose, userID: String?, db: Connection) throws
        -> Result<(WebAuthnCredential, VerifiedAssertion), Refusal>
    {
        guard let relyingParty else { return .failure(Self.unavailable) }
        guard let credentialID = form.credentialID, let clientDataJSON = form.clientDataJSON,
            let authenticatorData = form.authenticatorData, let signature = form.signature
        else { return .failure(.malformed) }
        let store = WebAuthnStore(db)
        guard let credential = try store.credential(credentialID: credentialID), userID == nil || credential.userID == userID,
            form.userHandle == nil || form.userHandle == Array(credential.userID.utf8)
        else { return .failure(.unknownKey) }
        let now = authentication.clock.epochSeconds
        let verified: VerifiedAssertion
        do {
            let clientData = try ClientData.parse(clientDataJSON)
            guard
                try WebAuthnChallenge.accept(
                    clientData.challenge, purpose: purpose, userID: userID ?? "", secret: authentication.secret, now: now, db: db)
            else { return .failure(.staleChallenge) }
            verified = try WebAuthnVerifier.verifyAssertion(
                clientDataJSON: clientDataJSON, authenticatorData: authenticatorData, signature: signature,
                expectedChallenge: clientData.challenge, relyingParty: relyingParty, publicKey: try COSEKey.parse(credential.publicKey),
                storedSignCount: credential.signCount, requireUserVerification: false)
        } catch WebAuthnError.counterDidNotIncrease(let stored, let received) {
            return .failure(
                Refusal(
                    message:
                        "This security key's use counter went backwards, which happens when a key has been copied. It cannot sign you in; an administrator has been told. Use another way to sign in.",
                    reason: "webauthn_counter", counter: (credential, stored, received)))
        } catch let error as WebAuthnError {
            return .failure(Refusal(message: error.message, reason: "webauthn_" + error.auditReason))
        }
        if purpose == .passkey && !verified.userVerified { return .failure(.notVerified) }
        guard try store.recordUse(id: credential.id, signCount: verified.signCount, now: now) else {
            // Another request with a later counter won the race: this answer is stale.
            return .failure(.staleChallenge)
        }
        return .success((credential, verified))
    }

    private static let unavailable = Refusal(
        message: "Security keys cannot be used at this address. Portico's base URL must be a host name (not an IP address).",
        reason: "webauthn_unavailable")
}
