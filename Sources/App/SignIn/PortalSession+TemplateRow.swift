import Domain
import TemplateEngine

extension PortalSession {
    /// One row of a sessions table, as both `/me/sessions` and the admin's user page show it.
    /// A CLI session shows its program and client name where a browser's shows the browser.
    var templateRow: TemplateObject {
        [
            "id": String(id),
            "browser": cliClient.map { _ in BrowserFamily.cliName(userAgent: userAgent) } ?? BrowserFamily.name(userAgent: userAgent),
            "client": cliClient?.name ?? "",
            "userAgent": userAgent,
            "address": ip,
            "method": authMethod.rawValue,
            "started": DurationText.moment(createdAt),
            "lastSeen": DurationText.moment(lastSeenAt),
            "ends": DurationText.moment(expiresAt),
        ]
    }
}
