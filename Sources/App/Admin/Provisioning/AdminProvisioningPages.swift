import Domain
import SQLite
import Storage
import TemplateEngine
import Time
import Web

/// `/admin/provisioning`: connecting an identity provider by SCIM. The tenant URL to give it, the tokens
/// it may use (made, listed and revoked here as with `portico scim-token`), and the newest requests it sent
/// with Portico's answers, which is where an admin looks when a user did not arrive.
///
/// A token made here is shown once, in the answer to the form (never cached, never in a URL or a log);
/// only its hash is stored. Several may be active at once, so a new one can be put in place before the old
/// one is revoked.
struct AdminProvisioningPages: Sendable {
    /// The requests the page shows, newest first.
    static let logSize = 50
    static let noSuchToken = "There is no unrevoked SCIM token with that number."

    let pages: PageRenderer
    let authentication: Authentication
    /// The configured base URL: the tenant URL is built from it, never from a request's `Host`.
    let baseURL: String

    private var database: Database { authentication.database }

    func show(_ request: Request) throws -> HTTPResponse {
        var values = TemplateObject()
        if let message = Self.doneMessage(try request.query["done"]) { values["flash"] = .flash(message) }
        return try page(SCIMTokenForm(), request: request, values)
    }

    /// Offloaded. Answers with the page itself rather than a redirect, so the token appears in this one
    /// response and nowhere else.
    func createToken(_ request: Request) throws -> HTTPResponse {
        let admin = try request.admin()
        var form = SCIMTokenForm(try request.form())
        guard let valid = form.validated() else { return try page(form, request: request, status: .unprocessableContent) }
        let issued: SCIMTokens.Issued
        do {
            issued = try database.write { db in
                let issued = try SCIMTokens.create(
                    name: valid.name, lifetimeSeconds: valid.lifetimeSeconds, now: authentication.clock.epochSeconds, db: db)
                try authentication.audit(
                    SCIMTokens.createAction, actor: admin.user.email, target: issued.token.name, request: request, db: db,
                    details: SCIMTokens.auditDetails(issued.token))
                return issued
            }
        } catch StoreError.duplicate(field: "name") {
            form.errors["name"] = "An active token already has this name: revoke that one first, or choose another name."
            return try page(form, request: request, status: .unprocessableContent)
        }
        let created: TemplateObject = [
            "name": issued.token.name, "secret": issued.secret,
            "expires": issued.token.expiresAt.map(DurationText.moment).templateValue,
        ]
        var response = try page(
            SCIMTokenForm(), request: request,
            ["createdToken": created, "flash": TemplateValue.flash("The token \(issued.token.name) was created. It is shown only now.")])
        response.headers.replaceOrAdd(name: "Cache-Control", value: "no-store")
        return response
    }

    /// Offloaded. Requests carrying the token are refused from the next one on.
    func revokeToken(_ request: Request) throws -> HTTPResponse {
        let admin = try request.admin()
        guard let id = request.parameters["id"].flatMap({ Int64($0) }),
            let token = try database.read({ try SCIMTokenStore($0).find(id: id) }), token.revokedAt == nil
        else { throw HTTPError(.notFound, Self.noSuchToken) }
        try authentication.recordChange(
            SCIMTokens.revokeAction, by: admin, target: token.name, request: request, details: ["name": .string(token.name)]
        ) { db in
            // Revoked meanwhile (by another admin or `portico scim-token`): nothing to record.
            guard try SCIMTokenStore(db).revoke(id: token.id, now: authentication.clock.epochSeconds) else {
                throw HTTPError(.notFound, Self.noSuchToken)
            }
        }
        return try HTTPResponse.redirect(toPath: AdminSection.provisioning.path + "?done=revoked")
    }

    // MARK: Shared steps

    private func page(_ form: SCIMTokenForm, request: Request, _ extra: TemplateObject = TemplateObject(), status: HTTPStatus = .ok)
        throws -> HTTPResponse
    {
        let failuresOnly = try request.query["failures"] == "1"
        let (tokens, requests) = try database.read { db in
            (try SCIMTokenStore(db).list(), try SCIMRequestLogStore(db).recent(limit: Self.logSize, failuresOnly: failuresOnly))
        }
        let now = authentication.clock.epochSeconds
        let (revoked, current) = (tokens.filter { $0.revokedAt != nil }, tokens.filter { $0.revokedAt == nil })
        let values: TemplateObject = [
            "tenantURL": baseURL + SCIMRoutes.prefix,
            "tokens": current.map { Self.row($0, now: now) }, "hasTokens": !current.isEmpty,
            "revokedTokens": revoked.map { Self.row($0, now: now) }, "revokedTokenCount": revoked.count,
            "hasRevokedTokens": !revoked.isEmpty,
            "requests": requests.map { SCIMRequestRow(record: $0).templateValue }, "hasRequests": !requests.isEmpty,
            "failuresOnly": failuresOnly, "logSize": Self.logSize,
        ]
        return try pages.page(
            "pages/admin-provisioning", request: request,
            values.merging(form.templateValues).merging(AdminSection.provisioning.templateValues).merging(extra), status: status)
    }

    private static func row(_ token: SCIMToken, now: Int) -> TemplateValue {
        let state = token.revokedAt != nil ? "revoked" : token.isActive(at: now) ? "active" : "expired"
        let row: TemplateObject = [
            "id": Int(token.id), "name": token.name, "state": state, "isActive": state == "active",
            "created": DurationText.moment(token.createdAt), "expires": token.expiresAt.map(DurationText.moment) ?? "never",
            "lastUsed": token.lastUsedAt.map(DurationText.moment) ?? "never",
            "revoked": token.revokedAt.map(DurationText.moment).templateValue,
        ]
        return row.templateValue
    }

    /// The message for a `done` code; unknown codes show nothing, so the query cannot put words on the page.
    static func doneMessage(_ code: String?) -> String? {
        switch code {
        case "revoked": "The token was revoked: requests carrying it are refused from now on."
        default: nil
        }
    }
}
