import Domain
import SAML
import Storage

/// The one place that decides whether a person may have a role in an account, and that signs the SAML
/// Response giving it to them: the console launch and CLI credentials both go through it, so the two can
/// never disagree about who holds what or about what an assertion says.
///
/// Access is read from the database on every call (`AssignmentStore.mayUse`), never from anything the
/// request carries. The role name maps back to at most one permission set, whose assignment must exist.
/// IAM role names ignore case, so a set whose name differs from another's only in case names the same
/// role as that other set: granting it could open a role the user does not hold. The store refuses such
/// names; a database from before that rule is refused here.
struct RoleFederation: Sendable {
    let authentication: Authentication
    let federation: ConsoleFederation

    /// A role the database says the user holds, with what an assertion for it needs.
    struct Grant: Sendable {
        let accountID: String
        let roleName: String
        let permissionSet: PermissionSet
    }

    /// The answer to "may this user have this role in this account".
    enum Decision: Sendable {
        case granted(Grant)
        /// The audit reason: `not_assigned` (unknown account, unknown role, or a role not held: one answer
        /// for all three) or `role_name_not_unique`.
        case refused(reason: String)
    }

    /// A signed `samlp:Response` and the key that signed it.
    struct SignedResponse: Sendable {
        /// The whole document, as posted to AWS's sign-in page (base64) or sent to STS.
        let xml: String
        /// The signing key's id, for the audit event.
        let keyID: String
    }

    /// Decides whether `userID` holds `roleName` in `accountID` under `settings`' role-name pattern.
    func decide(userID: String, accountID: String, roleName: String, settings: FederationSettings) throws -> Decision {
        guard let name = settings.roleNamePattern.permissionSetName(forRoleName: roleName) else {
            return .refused(reason: "not_assigned")
        }
        return try authentication.database.read { db in
            guard try AssignmentStore(db).mayUse(userID: userID, accountID: accountID, permissionSetName: name),
                let set = try PermissionSetStore(db).find(name: name)
            else { return .refused(reason: "not_assigned") }
            if try PermissionSetStore(db).sharesRoleName(name, exceptID: set.id) { return .refused(reason: "role_name_not_unique") }
            return .granted(Grant(accountID: accountID, roleName: roleName, permissionSet: set))
        }
    }

    /// Signs the response that signs `user` in to `signInRoleName` in `signInAccountID` for the grant's
    /// session duration: the granted role itself, or for a jump launch the jump account's role, tagged with
    /// `switchTarget`, the one role that session may switch into.
    ///
    /// - Parameter authenticatedAt: when the user signed in to Portico (the assertion's `AuthnInstant`).
    func signedResponse(
        for user: User, authenticatedAt: Int64, grant: Grant, settings: FederationSettings, signInAccountID: String? = nil,
        signInRoleName: String? = nil, switchTarget: String? = nil
    ) throws -> SignedResponse {
        // Only Portico says which role a session may switch into: a user attribute of that name (tag keys
        // ignore case) never becomes the tag, on any launch.
        let switchTagKey = JumpRoute.switchTargetTagKey
        var principalTags = settings.principalTagAttributes.filter { $0.lowercased() != switchTagKey.lowercased() }
            .compactMap { key in user.attributes[key].map { ConsoleLaunch.PrincipalTag(key: key, value: $0) } }
        if let switchTarget {
            // STS takes at most 50 session tags.
            principalTags = Array(principalTags.prefix(FederationSettings.maximumPrincipalTags - 1))
            principalTags.append(ConsoleLaunch.PrincipalTag(key: switchTagKey, value: switchTarget))
        }
        // An Entra guest signs in as `alice_gmail.com#EXT#@tenant.onmicrosoft.com`; CloudTrail should name the
        // person by the address their organisation knows, as the jump-account setups' claims rule did.
        let launch = ConsoleLaunch(
            nameID: user.id, email: user.contactEmail ?? user.email, accountID: signInAccountID ?? grant.accountID,
            roleName: signInRoleName ?? grant.roleName, samlProviderName: settings.samlProviderName,
            sessionDurationSeconds: grant.permissionSet.sessionDuration.seconds, authenticatedAt: authenticatedAt,
            principalTags: principalTags)
        let keys = federation.keyring.current()
        let builder = SAMLAssertionBuilder(
            entityID: federation.entityID, signInURL: settings.signInURL.text, now: { Int64(authentication.clock.epochSeconds) })
        return SignedResponse(xml: try keys.signer.sign(builder.response(for: launch)), keyID: keys.keys.active.id)
    }

    /// The IAM role's and the SAML provider's ARNs that an assertion for `grant` names, as STS wants them apart.
    static func arns(for grant: Grant, settings: FederationSettings) -> (role: String, provider: String) {
        let value = ConsoleLaunch(
            nameID: "", email: "", accountID: grant.accountID, roleName: grant.roleName, samlProviderName: settings.samlProviderName,
            sessionDurationSeconds: 0, authenticatedAt: 0
        ).roleAttributeValue
        let parts = value.split(separator: ",", maxSplits: 1)
        return (String(parts[0]), String(parts.count > 1 ? parts[1] : ""))
    }
}
