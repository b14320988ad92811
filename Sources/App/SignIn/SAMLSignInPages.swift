import Crypto
import Domain
import HTTPServer
import JSON
import SAML
import Storage
import TemplateEngine
import Web

/// Signing in through an identity provider: `/saml/sp/<key>/login` sends the browser there with an
/// `AuthnRequest`, `/acs` takes the provider's answer, and `/complete` starts the session in the browser
/// that asked.
///
/// The answer comes as a cross-site POST, which carries no `SameSite=Lax` cookie, so `/acs` checks the
/// response and records a one-time pending sign-in, and the same-site GET it redirects to checks the
/// browser's binding cookie against the request before any session exists. Every refusal is an audit
/// event (`auth.signin`, failure, with the reason) and a page that says what to do, never the XML.
struct SAMLSignInPages {
    let pages: PageRenderer
    let authentication: Authentication
    let saml: SAMLSignIn

    // MARK: Starting at Portico

    /// Sends the browser to the identity provider with a fresh `AuthnRequest`, remembering where it was going.
    func start(_ request: Request) throws -> HTTPResponse {
        let provider = try provider(request)
        let returnTo = ReturnPath.sanitized(try request.query["return_to"])
        let now = authentication.clock.epochSeconds
        let authnRequest = saml.authnRequest(for: provider, now: now)
        let binding = Token.generate()
        try authentication.database.write { db in
            try SAMLSignInStore(db).save(
                .init(
                    requestID: authnRequest.id, identityProviderID: provider.id, browserHash: Token.hash(binding), returnTo: returnTo,
                    expiresAt: now + SAMLSignIn.requestLifetime), now: now)
        }
        return try HTTPResponse.redirect(toExternalURL: authnRequest.redirectURL())
            .settingCookie(authentication.cookies.samlRequest(binding, maxAge: SAMLSignIn.requestLifetime))
    }

    /// Portico's service-provider metadata for the provider, for it to import (Entra's "Upload metadata file").
    func metadata(_ request: Request) throws -> HTTPResponse {
        let provider = try provider(request)
        let xml = provider.serviceProviderMetadata(baseURL: saml.baseURL, keyring: saml.federation.keyring).xml
        return HTTPResponse(status: .ok, contentType: ConsoleFederation.metadataContentType, body: xml)
    }

    // MARK: The identity provider's answer

    /// Offloaded: it checks a signature and writes. Refuses anything that does not pass every check.
    func consume(_ request: Request) throws -> HTTPResponse {
        let provider = try provider(request)
        let now = authentication.clock.epochSeconds
        let form = try request.form(maxFields: 8)
        let claims: SAMLAssertionClaims
        do {
            claims = try saml.validator(for: provider).validate(encodedResponse: form["SAMLResponse"] ?? "", now: Int64(now))
        } catch {
            return try refuse(request, provider: provider, reason: error.reason, detail: error.detail)
        }
        if let problem = saml.domainProblem(claims.nameID, provider: provider) {
            return try refuse(request, provider: provider, reason: "outside-domains", detail: problem, nameID: claims.nameID)
        }
        let outcome = try authentication.database.write { db -> Result<(token: String, user: User), SignInRefusal> in
            let store = SAMLSignInStore(db)
            // Replay first, so a used assertion is named as one whatever else is wrong with it now.
            guard
                try store.consume(assertionID: claims.assertionID, identityProviderID: provider.id, expiresAt: Int(claims.expiresAt) + 180)
            else { return .failure(SignInRefusal("replay", "assertion \(claims.assertionID) was already used")) }
            var returnTo = "/start"
            if let inResponseTo = claims.inResponseTo {
                guard let outstanding = try store.findRequest(id: inResponseTo, now: now), outstanding.identityProviderID == provider.id
                else { return .failure(SignInRefusal("unknown-request", "InResponseTo \(inResponseTo) names no outstanding request")) }
                returnTo = outstanding.returnTo
            } else if !provider.allowsIdPInitiatedSignIn {
                return .failure(SignInRefusal("idp-initiated", "\(provider.name) may not start sign-ins; start at Portico"))
            }
            guard let user = try saml.user(for: claims, provider: provider, request: request, db: db) else {
                return .failure(SignInRefusal("unknown-user", "no Portico user is \(claims.nameID)"))
            }
            guard user.isActive else { return .failure(SignInRefusal("disabled", "\(user.email) is disabled")) }
            let token = Token.generate()
            try store.savePending(
                .init(
                    identityProviderID: provider.id, userID: user.id, requestID: claims.inResponseTo,
                    mfaSatisfied: saml.isMultiFactor(claims, provider: provider), sessionIndex: claims.sessionIndex, returnTo: returnTo,
                    expiresAt: now + SAMLSignIn.pendingLifetime), tokenHash: Token.hash(token))
            return .success((token, user))
        }
        switch outcome {
        case .failure(let refusal):
            return try refuse(request, provider: provider, reason: refusal.reason, detail: refusal.detail, nameID: claims.nameID)
        case .success(let pending):
            return try HTTPResponse.redirect(toPath: SAMLSignIn.prefix + "/" + provider.key + "/complete?token=" + pending.token)
        }
    }

    // MARK: Back in the browser that asked

    /// Offloaded: it writes. Starts the session (or Portico's second factor) for the pending sign-in, once,
    /// in the browser whose binding cookie matches the request it answers.
    func complete(_ request: Request) throws -> HTTPResponse {
        let provider = try provider(request)
        let now = authentication.clock.epochSeconds
        let token = try request.query["token"] ?? ""
        let binding = request.cookies[SessionCookies.samlRequest]
        let outcome = try authentication.database.write { db -> Result<(User, SAMLSignInStore.PendingSignIn), SignInRefusal> in
            let store = SAMLSignInStore(db)
            guard let pending = try store.takePending(tokenHash: Token.hash(token), now: now), pending.identityProviderID == provider.id
            else { return .failure(SignInRefusal("unknown-pending", "the sign-in expired or was already completed")) }
            if let requestID = pending.requestID {
                // The browser that asked, and only it: the request is used up here.
                guard let outstanding = try store.takeRequest(id: requestID, now: now), let binding,
                    ConstantTime.equals(Array(outstanding.browserHash.utf8), Array(Token.hash(binding).utf8))
                else { return .failure(SignInRefusal("other-browser", "the answer reached another browser than the one that asked")) }
            }
            guard let user = try UserStore(db).find(id: pending.userID), user.isActive else {
                return .failure(SignInRefusal("disabled", "the user is disabled or gone"))
            }
            return .success((user, pending))
        }
        switch outcome {
        case .failure(let refusal):
            return try refuse(request, provider: provider, reason: refusal.reason, detail: refusal.detail)
        case .success(let (user, pending)):
            let response = try authentication.continueSignIn(
                of: user, returnTo: ReturnPath.sanitized(pending.returnTo), request: request,
                federation: SessionFederation(provider: provider, sessionIndex: pending.sessionIndex),
                multiFactorDone: pending.mfaSatisfied)
            return response.settingCookie(authentication.cookies.cleared(SessionCookies.samlRequest))
        }
    }

    // MARK: Single logout

    /// Offloaded: it checks a signature and writes. A signed `LogoutRequest` from the provider, posted
    /// (HTTP-POST) or redirected (HTTP-Redirect, signed in the query), ends the sessions it names (by
    /// `SessionIndex`, or all of that person's sessions through this provider).
    func logout(_ request: Request) throws -> HTTPResponse {
        let provider = try provider(request)
        let now = authentication.clock.epochSeconds
        let validator = saml.validator(for: provider)
        let destination = saml.endpoints(of: provider).singleLogoutURL
        let posted = request.method == .get ? nil : try request.form(maxFields: 8)["SAMLRequest"] ?? ""
        let logout: SAMLLogoutRequest
        do throws(SAMLResponseValidator.Failure) {
            if let posted {
                logout = try validator.validateLogoutRequest(encoded: posted, destination: destination, now: Int64(now))
            } else {
                logout = try validator.validateRedirectLogoutRequest(
                    rawQuery: String(request.head.query ?? ""), destination: destination, now: Int64(now))
            }
        } catch {
            try authentication.database.write { db in
                try authentication.audit(
                    "auth.signout", actor: "saml:" + provider.key, outcome: .failure, request: request, db: db,
                    details: ["reason": .string(error.reason), "detail": .string(String(error.detail.prefix(500)))])
            }
            throw HTTPError(.badRequest, "Portico could not accept this logout request.")
        }
        try authentication.database.write { db in
            let users = UserStore(db)
            guard let user = try users.find(email: logout.nameID) ?? users.find(contactEmail: logout.nameID).first else { return }
            let indexes: [String?] = logout.sessionIndexes.isEmpty ? [nil] : logout.sessionIndexes
            var ended = 0
            for index in indexes {
                ended += try SessionStore(db).revokeFederated(
                    userID: user.id, identityProviderID: provider.id, sessionIndex: index, by: "saml:" + provider.key, now: now)
            }
            try authentication.audit(
                "auth.signout", actor: "saml:" + provider.key, target: user.id, request: request, db: db,
                details: ["sessions_ended": .number(Double(ended)), "logout_request": .string(logout.id)])
        }
        return try pages.page("pages/saml-signed-out", ["providerName": provider.name])
    }

    // MARK: Shared steps

    struct SignInRefusal: Error {
        let reason: String
        let detail: String
        init(_ reason: String, _ detail: String) {
            self.reason = reason
            self.detail = detail
        }
    }

    private func provider(_ request: Request) throws -> IdentityProvider {
        guard let key = request.parameters["key"],
            let provider = try authentication.database.read({ try IdentityProviderStore($0).find(key: key) })
        else { throw HTTPError(.notFound, "There is no identity provider here.") }
        return provider
    }

    /// The audit event and the page for a refused sign-in: what happened in the person's terms, the
    /// technical reason for the admin in the log.
    private func refuse(
        _ request: Request, provider: IdentityProvider, reason: String, detail: String, nameID: String = ""
    ) throws -> HTTPResponse {
        try authentication.database.write { db in
            try authentication.audit(
                "auth.signin", actor: nameID.isEmpty ? "saml:" + provider.key : nameID, outcome: .failure, request: request, db: db,
                details: [
                    "method": .string("saml:" + provider.key), "reason": .string(reason), "detail": .string(String(detail.prefix(500))),
                ])
        }
        let message: String
        switch reason {
        case "unknown-user": message = "\(provider.name) signed you in, but Portico has no user for you. Ask an admin to add you."
        case "disabled": message = "Your Portico user is disabled. Ask an admin."
        case "idp-initiated", "other-browser", "unknown-pending", "unknown-request":
            message = "This sign-in did not start here or took too long. Start again from Portico's sign-in page."
        case "outside-domains": message = "\(provider.name) may not sign in this account. Sign in with the right organisation."
        default: message = "Portico could not accept the answer from \(provider.name). Try again; if it keeps failing, tell an admin."
        }
        let values: TemplateObject = ["providerName": provider.name, "message": message, "loginPath": "/login"]
        return try pages.page("pages/saml-refused", values, status: .forbidden)
    }
}
