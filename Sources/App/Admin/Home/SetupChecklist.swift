import Domain
import Storage
import TemplateEngine

/// The first-run checklist on the admin's home page: each step's state read from the database (never ticked by
/// hand), the page that does it, and one sentence on why.
package struct SetupChecklist {
    /// One step, as the page lists it.
    struct Step {
        var id: String
        var title: String
        var why: String
        var done: Bool
        var path: String
        var action: String
        /// Steps an organisation may skip (SCIM, sign-in through an identity provider) do not count towards "ready".
        var optional = false
        /// Shown instead of `why` while the step is not done, when there is something specific to say.
        var warning: String?
    }

    var steps: [Step]

    init(facts: SetupProgressStore.Facts, baseURL: String) {
        let publicBaseURL = Self.isPublic(baseURL)
        steps = [
            Step(
                id: "base-url", title: "Serve Portico at its public https:// address",
                why: "AWS and browsers reach Portico at the base URL, and the SAML metadata AWS trusts is built from it.",
                done: publicBaseURL, path: "/admin/aws#base-url", action: "How to set the base URL",
                warning: publicBaseURL
                    ? nil
                    : "The base URL is \(baseURL). Metadata built from it will not work from AWS: restart Portico with --base-url https://your-portal.example.com (PORTICO_BASE_URL) before anyone uploads it."
            ),
            Step(
                id: "aws-trust", title: "Make AWS trust Portico",
                why:
                    "Each AWS account needs Portico as a SAML identity provider and a role per permission set; Portico can do this itself. Done once AWS has accepted Portico: credentials issued, or an account kept in sync.",
                done: facts.awsTrustsPortico, path: "/admin/aws", action: "Connect AWS accounts"),
            Step(
                id: "account", title: "Add a first AWS account", why: "Accounts are what people see as tiles and open in the console.",
                done: facts.accounts > 0, path: "/admin/accounts/new", action: "Add an account"),
            Step(
                id: "permission-set", title: "Create a first permission set",
                why: "A permission set is the role people get in an account: its policies and how long a console session lasts.",
                done: facts.permissionSets > 0, path: "/admin/permission-sets/new", action: "Create a permission set"),
            Step(
                id: "assignment", title: "Assign a permission set in an account",
                why: "An assignment gives a user or a group a permission set in an account; without one nobody sees a tile.",
                done: facts.assignments > 0, path: "/admin/accounts", action: "Open an account to assign"),
            Step(
                id: "mfa", title: "Choose the MFA policy",
                why: "Decide who must use a second factor, and whether admins must use a security key.",
                done: facts.mfaPolicyChosen, path: "/admin/settings#mfa-policy", action: "Open the MFA settings"),
            Step(
                id: "scim", title: "Connect Entra ID by SCIM (optional)",
                why: "Users and groups then arrive and leave with your identity provider's directory instead of by hand.",
                done: facts.scimRequests > 0, path: "/admin/provisioning",
                action: facts.scimTokens > 0 ? "Check the request log" : "Make a SCIM token",
                optional: true),
            Step(
                id: "saml-sign-in", title: "Sign people in through Entra ID (optional)",
                why: "People then use their organisation's sign-in and its MFA instead of a Portico password.",
                done: facts.identityProviderSignIns > 0, path: "/admin/identity-providers",
                action: facts.identityProviders > 0 ? "Test the sign-in" : "Add an identity provider", optional: true),
        ]
    }

    /// Whether every required step is done.
    var isComplete: Bool { steps.allSatisfy { $0.done || $0.optional } }

    var templateValues: TemplateObject {
        let required = steps.filter { !$0.optional }
        let rows: [TemplateValue] = steps.map { step in
            let row: TemplateObject = [
                "id": step.id, "title": step.title, "why": step.why, "done": step.done, "path": step.path, "action": step.action,
                "optional": step.optional, "warning": step.warning.map(TemplateValue.string) ?? false,
            ]
            return row.templateValue
        }
        return [
            "checklist": rows, "checklistComplete": isComplete, "requiredDone": required.filter(\.done).count,
            "requiredCount": required.count,
        ]
    }

    /// Whether `baseURL` is an https:// address with a host name other than localhost.
    package static func isPublic(_ baseURL: String) -> Bool {
        guard baseURL.lowercased().hasPrefix("https://") else { return false }
        let host = baseURL.dropFirst("https://".count).prefix { $0 != "/" && $0 != ":" }.lowercased()
        guard !host.isEmpty, host != "localhost", !host.hasSuffix(".localhost") else { return false }
        // An IP address (v4 digits and dots, or a bracketed v6) is not a name AWS or a browser's passkeys accept.
        return !(host.allSatisfy { $0.isNumber || $0 == "." } || host.hasPrefix("["))
    }
}
