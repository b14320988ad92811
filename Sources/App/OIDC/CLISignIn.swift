import Crypto
import Domain
import JSON
import OIDC
import SQLite
import Storage
import Web

/// The AWS CLI's sign-in, as AWS's SSO-OIDC service does it: clients register, then a person approves
/// them in the browser (a device code, or an authorization request with PKCE), and the client trades that
/// approval for an access token and a refresh token.
///
/// Every secret handed out (client secret, device code, user code, authorization code, tokens) is random
/// and stored only as its SHA-256; the access token opens a CLI session, which is a portal session with a
/// client, so it is listed, ended and expired like a browser's. The session lasts what the portal session
/// setting says from the moment the person approved, and no refresh extends it.
struct CLISignIn: Sendable {
    let authentication: Authentication
    let baseURL: String
    let polls: DevicePollGate

    /// The page a person approves a device code on (`verificationUri`).
    static let devicePath = "/device"

    private var now: Int { authentication.clock.epochSeconds }

    // MARK: RegisterClient

    /// Offloaded: writes the registration.
    func register(_ request: Request) throws -> HTTPResponse {
        let registration = try RegisterClientRequest.parse(request.body)
        let secret = Token.generate()
        let client = OIDCClient(
            id: Token.generate(), name: registration.clientName, redirectURIs: registration.redirectURIs.map(\.description),
            grantTypes: OIDCClient.GrantType.allCases.filter(registration.allowedGrantTypes.contains),
            scopes: registration.scopes, createdAt: now, expiresAt: now + OIDCClient.registrationLifetime)
        try authentication.database.write { db in try OIDCClientStore(db).register(client, secretHash: Token.hash(secret)) }
        let response = RegisterClientResponse(
            clientId: client.id, clientSecret: secret, clientIdIssuedAt: Int64(client.createdAt),
            clientSecretExpiresAt: Int64(client.expiresAt), authorizationEndpoint: baseURL + OIDCRoutes.prefix + "/authorize",
            tokenEndpoint: baseURL + OIDCRoutes.prefix + "/token")
        return Self.json(response.json)
    }

    /// The registration with this id and secret, or `InvalidClientException`. The secret's hash is compared
    /// in constant time.
    private func client(id: String, secret: String, db: Connection) throws -> OIDCClient {
        guard let found = try OIDCClientStore(db).find(id: id, now: now),
            ConstantTime.equals(Array(found.secretHash.utf8), Array(Token.hash(secret).utf8))
        else {
            throw OIDCError(
                .invalidClient, "The client is not registered here, or its registration expired; sign in again to register anew.")
        }
        return found.client
    }

    // MARK: StartDeviceAuthorization

    /// Offloaded: writes the authorization.
    func startDeviceAuthorization(_ request: Request) throws -> HTTPResponse {
        let start = try StartDeviceAuthorizationRequest.parse(request.body)
        let deviceCode = Token.generate()
        let userCode = try authentication.database.write { db -> UserCode in
            let client = try client(id: start.clientId, secret: start.clientSecret, db: db)
            guard client.allows(.deviceCode) else {
                throw OIDCError(.unauthorizedClient, "This client did not register for the device code grant.")
            }
            let store = DeviceAuthorizationStore(db)
            guard try store.pendingCount(now: now) < DeviceAuthorizationStore.maximumPending else {
                throw OIDCError(.slowDown, "Too many sign-ins are waiting for approval; try again in a minute.")
            }
            // 20^8 codes: a clash with one of at most 10,000 live codes is rare, and a second draw settles it.
            var userCode = UserCode.generate()
            while try store.userCodeExists(hash: Token.hash(userCode.normalized)) { userCode = UserCode.generate() }
            try store.create(
                DeviceAuthorization(
                    deviceCodeHash: Token.hash(deviceCode), client: PortalSession.CLIClient(id: client.id, name: client.name),
                    createdAt: now, expiresAt: now + DeviceAuthorization.lifetime, ip: request.remoteAddress,
                    userAgent: request.headers["User-Agent"] ?? ""),
                userCodeHash: Token.hash(userCode.normalized))
            return userCode
        }
        let verificationURI = baseURL + Self.devicePath
        let response = StartDeviceAuthorizationResponse(
            deviceCode: deviceCode, userCode: userCode.display, verificationUri: verificationURI,
            verificationUriComplete: verificationURI + "?user_code=" + userCode.display, expiresIn: DeviceAuthorization.lifetime,
            interval: DeviceAuthorization.pollingInterval)
        return Self.json(response.json)
    }

    // MARK: CreateToken

    /// Offloaded: redeeming a grant writes a session.
    func createToken(_ request: Request) throws -> HTTPResponse {
        let tokenRequest = try CreateTokenRequest.parse(request.body)
        let issued: CreateTokenResponse
        switch tokenRequest.grant {
        case .deviceCode(let deviceCode):
            issued = try redeemDeviceCode(deviceCode, tokenRequest: tokenRequest, request: request)
        case .authorizationCode(let code, let redirectURI, let verifier):
            issued = try redeemAuthorizationCode(
                code, redirectURI: redirectURI, verifier: verifier, tokenRequest: tokenRequest, request: request)
        case .refreshToken(let refreshToken):
            issued = try refresh(refreshToken, tokenRequest: tokenRequest, request: request)
        }
        var response = Self.json(issued.json)
        response.headers.replaceOrAdd(name: "Cache-Control", value: "no-store")
        return response
    }

    /// Reads first: a pending code (nearly every poll) costs a read, never the write lock.
    private func redeemDeviceCode(_ deviceCode: String, tokenRequest: CreateTokenRequest, request: Request) throws -> CreateTokenResponse {
        let deviceCodeHash = Token.hash(deviceCode)
        let authorization = try authentication.database.read { db in
            let client = try client(id: tokenRequest.clientId, secret: tokenRequest.clientSecret, db: db)
            guard let authorization = try DeviceAuthorizationStore(db).find(deviceCodeHash: deviceCodeHash),
                authorization.client.id == client.id
            else { throw OIDCError(.invalidGrant, "The device code is not one this portal issued to this client.") }
            return authorization
        }
        guard !authorization.isExpired(at: now) else {
            throw OIDCError(.expiredToken, "The code was not approved within 10 minutes; sign in again.")
        }
        switch authorization.status {
        case .pending:
            guard polls.admit(deviceCodeHash, at: now, interval: DeviceAuthorization.pollingInterval) else {
                throw OIDCError(.slowDown, "Polling faster than every \(DeviceAuthorization.pollingInterval) seconds.")
            }
            throw OIDCError(.authorizationPending, "Waiting for the code to be approved in the browser.")
        case .denied:
            throw OIDCError(.accessDenied, "The sign-in was denied in the browser.")
        case .redeemed:
            throw OIDCError(.invalidGrant, "The device code was already used.")
        case .approved:
            polls.forget(deviceCodeHash)
            return try authentication.database.write { db in
                guard let userID = authorization.userID, let method = authorization.authMethod,
                    try DeviceAuthorizationStore(db).redeem(deviceCodeHash: deviceCodeHash, now: now)
                else { throw OIDCError(.invalidGrant, "The device code was already used.") }
                return try startSession(
                    userID: userID, client: authorization.client, method: method, grant: "device_code", request: request, db: db
                ).response
            }
        }
    }

    private func redeemAuthorizationCode(
        _ code: String, redirectURI: LoopbackRedirectURI, verifier: String, tokenRequest: CreateTokenRequest, request: Request
    ) throws -> CreateTokenResponse {
        let codeHash = Token.hash(code)
        let outcome = try authentication.database.write { db -> Result<CreateTokenResponse, OIDCError> in
            let client = try client(id: tokenRequest.clientId, secret: tokenRequest.clientSecret, db: db)
            switch try AuthorizationCodeStore(db).redeem(codeHash: codeHash, now: now) {
            case .invalid:
                return .failure(OIDCError(.invalidGrant, "The authorization code is unknown or expired; sign in again."))
            case .replayed(let sessionID):
                // RFC 6749 §4.1.2: a code used twice revokes what it made, since one of the two is not its client.
                if let sessionID {
                    try SessionStore(db).revoke(id: sessionID, userID: nil, by: "authorization_code.reuse", now: now)
                }
                try authentication.audit(
                    "cli.code.reuse", actor: client.name, outcome: .failure, request: request, db: db,
                    details: ["client_id": .string(client.id), "session_id": sessionID.map { .number(Double($0)) } ?? .null])
                return .failure(OIDCError(.invalidGrant, "The authorization code was already used."))
            case .redeemed(let approved):
                guard approved.clientID == client.id else {
                    return .failure(OIDCError(.invalidGrant, "The authorization code was issued to another client."))
                }
                guard let issuedFor = LoopbackRedirectURI(approved.redirectURI), redirectURI == issuedFor else {
                    return .failure(OIDCError(.invalidGrant, "The redirect URI differs from the one the code was issued for."))
                }
                guard PKCE.verify(verifier: verifier, challenge: approved.codeChallenge) else {
                    return .failure(OIDCError(.invalidGrant, "The code verifier does not match the code challenge."))
                }
                let issued = try startSession(
                    userID: approved.userID, client: PortalSession.CLIClient(id: client.id, name: client.name),
                    method: approved.authMethod, grant: "authorization_code", request: request, db: db)
                try AuthorizationCodeStore(db).attach(codeHash: codeHash, sessionID: issued.session.id)
                return .success(issued.response)
            }
        }
        // Outside the transaction's throw path, so the code stays marked as used when the redemption fails.
        return try outcome.get()
    }

    private func refresh(_ refreshToken: String, tokenRequest: CreateTokenRequest, request: Request) throws -> CreateTokenResponse {
        let (accessToken, newRefreshToken) = (Token.generate(), Token.generate())
        let outcome = try authentication.database.write { db -> Result<CreateTokenResponse, OIDCError> in
            let client = try client(id: tokenRequest.clientId, secret: tokenRequest.clientSecret, db: db)
            guard client.allows(.refreshToken) else {
                return .failure(OIDCError(.unauthorizedClient, "This client did not register for the refresh token grant."))
            }
            switch try CLISessionStore(db).refresh(
                refreshTokenHash: Token.hash(refreshToken), clientID: client.id, newAccessTokenHash: Token.hash(accessToken),
                newRefreshTokenHash: Token.hash(newRefreshToken), now: now)
            {
            case .invalid:
                return .failure(OIDCError(.invalidGrant, "The refresh token is unknown or its session has ended; sign in again."))
            case .reused(let ended):
                try authentication.audit(
                    "cli.token.reuse", actor: client.name, target: ended?.userID ?? "", outcome: .failure, request: request, db: db,
                    details: ["client_id": .string(client.id), "session_id": ended.map { .number(Double($0.id)) } ?? .null])
                return .failure(OIDCError(.invalidGrant, "The refresh token was already used, so its session has ended; sign in again."))
            case .outsideMFARule(let ended):
                try authentication.audit(
                    "cli.token.refresh", actor: client.name, target: ended.userID, outcome: .failure, request: request, db: db,
                    details: ["reason": .string("mfa_rule"), "session_id": .number(Double(ended.id))])
                return .failure(
                    OIDCError(
                        .invalidGrant, "Your organisation now asks for a security key or passkey, so this session has ended; sign in again."
                    ))
            case .refreshed(let session, let user):
                try authentication.audit(
                    "cli.token.refresh", actor: user.email, target: user.id, request: request, db: db,
                    details: ["client": .string(client.name), "session_id": .number(Double(session.id))])
                return .success(
                    CreateTokenResponse(accessToken: accessToken, expiresIn: session.expiresAt - now, refreshToken: newRefreshToken))
            }
        }
        return try outcome.get()
    }

    /// Opens the CLI session an approval makes and audits the sign-in, in the caller's transaction.
    private func startSession(
        userID: String, client: PortalSession.CLIClient, method: PortalSession.AuthMethod, grant: String, request: Request,
        db: Connection
    ) throws -> (session: PortalSession, response: CreateTokenResponse) {
        guard let user = try UserStore(db).find(id: userID), user.isActive else {
            throw OIDCError(.accessDenied, "The person who approved this sign-in can no longer sign in.")
        }
        let (accessToken, refreshToken) = (Token.generate(), Token.generate())
        let lifetime = try SettingsStore(db).portalSessionDuration().seconds
        let session = try CLISessionStore(db).create(
            userID: user.id, client: client, accessTokenHash: Token.hash(accessToken), refreshTokenHash: Token.hash(refreshToken),
            authMethod: method, createdAt: now, lifetimeSeconds: lifetime, ip: request.remoteAddress,
            userAgent: request.headers["User-Agent"] ?? "")
        try authentication.audit(
            "cli.signin", actor: user.email, target: user.id, request: request, db: db,
            details: [
                "client": .string(client.name), "grant": .string(grant), "method": .string(method.rawValue),
                "session_id": .number(Double(session.id)),
            ])
        return (session, CreateTokenResponse(accessToken: accessToken, expiresIn: lifetime, refreshToken: refreshToken))
    }

    // MARK: The person's side

    /// The pending device authorization with this user code, for the approval page.
    func pendingDevice(_ userCode: UserCode) throws -> DeviceAuthorization? {
        try authentication.database.read { db in
            try DeviceAuthorizationStore(db).pending(userCodeHash: Token.hash(userCode.normalized), now: now)
        }
    }

    /// Approves or denies a pending device authorization as the signed-in person; false when there was none.
    func decideDevice(_ userCode: UserCode, approve: Bool, by signedIn: SignedInUser, request: Request) throws -> Bool {
        try authentication.database.write { db in
            let hash = Token.hash(userCode.normalized)
            let pending = try DeviceAuthorizationStore(db).pending(userCodeHash: hash, now: now)
            guard let pending,
                try DeviceAuthorizationStore(db).decide(
                    userCodeHash: hash, approve: approve, userID: signedIn.user.id, authMethod: signedIn.session.authMethod, now: now)
            else { return false }
            try authentication.audit(
                approve ? "cli.device.approve" : "cli.device.deny", actor: signedIn.user.email, target: signedIn.user.id,
                request: request, db: db,
                details: [
                    "client": .string(pending.client.name), "client_ip": .string(pending.ip), "user_agent": .string(pending.userAgent),
                ])
            return true
        }
    }

    /// The redirect URIs a client registered for the authorization-code grant; nil when there is no such
    /// client or it may not use that grant.
    func registeredRedirectURIs(clientID: String) throws -> (client: OIDCClient, uris: [String])? {
        guard let client = try authentication.database.read({ try OIDCClientStore($0).find(id: clientID, now: now)?.client }),
            client.allows(.authorizationCode)
        else { return nil }
        return (client, client.redirectURIs)
    }

    /// Issues an authorization code for the consent the signed-in person gave, returning the code.
    func issueAuthorizationCode(
        _ authorize: AuthorizeRequest, client: OIDCClient, by signedIn: SignedInUser, request: Request
    ) throws -> String {
        let code = Token.generate()
        try authentication.database.write { db in
            try AuthorizationCodeStore(db).create(
                AuthorizationCodeStore.Code(
                    clientID: client.id, userID: signedIn.user.id, authMethod: signedIn.session.authMethod,
                    redirectURI: authorize.redirectURI.description, codeChallenge: authorize.codeChallenge, createdAt: now,
                    expiresAt: now + AuthorizationCodeStore.lifetime),
                codeHash: Token.hash(code))
            try authentication.audit(
                "cli.authorize.allow", actor: signedIn.user.email, target: signedIn.user.id, request: request, db: db,
                details: ["client": .string(client.name), "redirect_uri": .string(authorize.redirectURI.description)])
        }
        return code
    }

    static func json(_ text: String) -> HTTPResponse {
        HTTPResponse.json(Array(text.utf8))
    }
}
