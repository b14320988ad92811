import Directory
import Domain
import SQLite
import Storage
import TemplateEngine
import Time
import Web

/// `/admin/settings`: admins see and change every portal-wide setting in one form.
///
/// Saving writes only the settings whose values changed, with one `settings.update` audit event holding
/// those keys before and after (in the directory file's spelling), in one transaction; the current values
/// are read inside that transaction, so a change made meanwhile by `portico apply` is neither undone nor
/// misreported. Sign-in, new sessions and console launches read the settings on every request, so a
/// change takes effect at once, for sessions and launches that start after it.
struct AdminSettingsPages: Sendable {
    let pages: PageRenderer
    let authentication: Authentication

    private var database: Database { authentication.database }

    func show(_ request: Request) throws -> HTTPResponse {
        let settings = try database.read { try SettingsStore($0).all() }
        var values = TemplateObject()
        if let message = Self.doneMessage(try request.query["done"]) { values["flash"] = .flash(message) }
        return try formPage(SettingsForm(settings), request: request, values)
    }

    /// Offloaded.
    func update(_ request: Request) throws -> HTTPResponse {
        let admin = try request.admin()
        var form = SettingsForm(try request.form())
        guard let after = form.validated() else {
            return try formPage(form, request: request, status: .unprocessableContent)
        }
        let changed = try database.write { db in
            let store = SettingsStore(db)
            let before = try store.all()
            let changed = after.changedKeys(from: before)
            // Saving the form is choosing the MFA mode, the default included: stored, the checklist counts it as chosen.
            if try !store.isStored(.mfa) { try store.save(after, keys: [.mfa], now: authentication.clock.epochSeconds) }
            // Saving the form unchanged is not a change: no event.
            guard !changed.isEmpty else { return changed }
            try store.save(after, keys: changed, now: authentication.clock.epochSeconds)
            try authentication.audit(
                "settings.update", actor: admin.user.email, target: "settings", request: request, db: db,
                details: AuditSnapshot.settings(before: before, after: after, keys: changed))
            return changed
        }
        return try HTTPResponse.redirect(toPath: "/admin/settings?done=" + (changed.isEmpty ? "unchanged" : "saved"))
    }

    // MARK: Shared steps

    private func formPage(_ form: SettingsForm, request: Request, _ values: TemplateObject = TemplateObject(), status: HTTPStatus = .ok)
        throws -> HTTPResponse
    {
        let defaults: TemplateObject = [
            "signInURL": FederationSettings.defaultSignInURL, "samlProviderName": FederationSettings.defaultSAMLProviderName,
            "allowedConsoleHosts": Self.listed(ConsoleDestination.defaultAllowedHosts),
            "maximumHosts": FederationSettings.maximumAllowedHosts, "maximumTags": FederationSettings.maximumPrincipalTags,
        ]
        return try pages.page(
            "pages/admin-settings", request: request,
            values.merging(["defaults": defaults]).merging(form.templateValues).merging(
                try MFAPolicyOverview(database: database).templateValues
            )
            .merging(AdminSection.settings.templateValues),
            status: status)
    }

    /// `[{host, separator}]` that reads `a, b and c`.
    private static func listed(_ hosts: [String]) -> [TemplateValue] {
        hosts.enumerated().map { index, host in
            let separator = index == hosts.count - 1 ? "" : index == hosts.count - 2 ? " and " : ", "
            return (["host": host, "separator": separator] as TemplateObject).templateValue
        }
    }

    /// The message for a `done` code; unknown codes show nothing, so the query cannot put words on the page.
    static func doneMessage(_ code: String?) -> String? {
        switch code {
        case "saved": "The settings were saved. A new session duration applies to sessions created from now on."
        case "unchanged": "Nothing changed: every setting already had the value shown."
        default: nil
        }
    }
}
