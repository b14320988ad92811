import Domain
import Storage
import TemplateEngine
import Web

/// `/start/shortcuts/new`: builds a shortcut link from an account and role the user holds and a console
/// page, chosen from common services by region or pasted.
///
/// A GET form that changes nothing: submitting it (`build=1`) shows the link, or the same form with every
/// value kept and the reason beside each field (422). Choices are limited to what the user holds, and
/// checked again on submit because a query can name anything. Each role option names the accounts it is
/// held in, so that `shortcut-copy.js` narrows the roles to the chosen account; without it, the pair is
/// checked here. No role makes a link that asks which of the user's roles in the account to open.
struct ShortcutPages: Sendable {
    let pages: PageRenderer
    let authentication: Authentication
    let baseURL: String
    /// The fingerprinted path of `shortcut-copy.js`.
    let copyScriptPath: String

    /// What the form sent, kept to show again.
    private struct Form {
        var accountID: String
        var roleName: String
        var service: String
        var region: String
        var url: String
        var isSubmitted: Bool

        init(_ query: FormData) {
            accountID = query["account_id"] ?? ""
            roleName = query["role_name"] ?? ""
            service = query["service"] ?? ""
            region = query["region"] ?? ConsoleService.defaultRegion
            url = (query["url"] ?? "").trimmingSpaces
            isSubmitted = query["build"] != nil
        }
    }

    func new(_ request: Request) throws -> HTTPResponse {
        guard let signedIn = request.signedIn else { return try ReturnPath.signInFirst(request) }
        let form = Form(try request.query)
        let (settings, access) = try authentication.database.read { db in
            (try SettingsStore(db).federation(), try AssignmentStore(db).effectiveAccess(for: signedIn.user.id))
        }
        var errors: [String: String] = [:]
        var destination: String?
        if form.isSubmitted {
            if !access.contains(where: { $0.accountID == form.accountID }) {
                errors["account_id"] = "Choose an account you have access to."
            } else if !form.roleName.isEmpty
                && !access.contains(where: {
                    $0.accountID == form.accountID && settings.roleNamePattern.roleName(for: $0.permissionSetName) == form.roleName
                })
            {
                errors["role_name"] = "You do not hold this role in that account; choose one of your roles there."
            }
            do {
                destination = try Self.destination(form, settings: settings)
            } catch {
                errors["destination"] = error.message
            }
        }

        var values: TemplateObject = [
            "accounts": Self.accountOptions(access, selected: form.accountID),
            "roles": Self.roleOptions(access, pattern: settings.roleNamePattern, selected: form.roleName),
            "services": ConsoleService.all.map { service in
                (["id": service.id, "name": service.name, "selected": service.id == form.service] as TemplateObject).templateValue
            },
            "regions": ConsoleService.regions.map { region in
                (["code": region.code, "name": region.name, "selected": region.code == form.region] as TemplateObject).templateValue
            },
            "url": form.url, "hasAccess": !access.isEmpty, "copyScriptPath": copyScriptPath,
            "allowedHosts": settings.allowedConsoleHosts.joined(separator: ", "),
        ]
        for (field, message) in errors { values[Self.errorKey(field)] = .string(message) }
        if form.isSubmitted && errors.isEmpty {
            let link = ShortcutLink(
                accountID: form.accountID, roleName: form.roleName.isEmpty ? nil : form.roleName, destination: destination)
            values["shortcut"] = (["url": link.url(baseURL: baseURL), "path": link.pathAndQuery] as TemplateObject).templateValue
        }
        return try pages.page(
            "pages/shortcut-new", request: request, values, status: errors.isEmpty ? .ok : .unprocessableContent)
    }

    /// The console page the form asks for, nil for none (the permission set's page or the console home).
    /// A pasted URL wins over the chosen service.
    private static func destination(_ form: Form, settings: FederationSettings) throws(HTTPError) -> String? {
        let text: String
        if !form.url.isEmpty {
            text = form.url
        } else if form.service.isEmpty {
            return nil
        } else {
            guard let service = ConsoleService.find(id: form.service) else {
                throw HTTPError(.unprocessableContent, "Choose a service from the list.")
            }
            guard ConsoleService.isRegion(form.region) || !service.isRegional else {
                throw HTTPError(.unprocessableContent, "Choose a region from the list.")
            }
            text = service.url(region: ConsoleService.isRegion(form.region) ? form.region : ConsoleService.defaultRegion)
        }
        do {
            return try ConsoleDestination.check(text, allowedHosts: settings.allowedConsoleHosts).url.text
        } catch {
            throw HTTPError(.unprocessableContent, error.reason)
        }
    }

    private static func errorKey(_ field: String) -> String {
        switch field {
        case "account_id": "accountError"
        case "role_name": "roleError"
        default: "destinationError"
        }
    }

    /// One option per account the user holds a role in, by name.
    private static func accountOptions(_ access: [EffectiveAccess], selected: String) -> [TemplateValue] {
        var seen: Set<String> = []
        return access.compactMap { pair in
            guard seen.insert(pair.accountID).inserted else { return nil }
            let option: TemplateObject = [
                "id": pair.accountID, "name": pair.accountName, "selected": pair.accountID == selected,
            ]
            return option.templateValue
        }
    }

    /// One option per role name the user holds in any account, with the ids of the accounts it is held in,
    /// space-separated; submitting checks it against the account.
    private static func roleOptions(_ access: [EffectiveAccess], pattern: RoleNamePattern, selected: String) -> [TemplateValue] {
        var accounts: [String: [String]] = [:]
        for pair in access { accounts[pattern.roleName(for: pair.permissionSetName), default: []].append(pair.accountID) }
        return accounts.sorted { $0.key < $1.key }.map { roleName, accountIDs in
            let option: TemplateObject = [
                "name": roleName, "selected": roleName == selected, "accounts": Set(accountIDs).sorted().joined(separator: " "),
            ]
            return option.templateValue
        }
    }
}

extension String {
    /// Without leading and trailing spaces, as pasted URLs often come.
    fileprivate var trimmingSpaces: String {
        String(drop { $0 == " " }.reversed().drop { $0 == " " }.reversed())
    }
}
