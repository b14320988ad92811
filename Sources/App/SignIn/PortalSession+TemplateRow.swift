import Domain
import TemplateEngine

extension PortalSession {
    /// One row of a sessions table, as both `/me/sessions` and the admin's user page show it.
    var templateRow: TemplateObject {
        [
            "id": String(id),
            "browser": BrowserFamily.name(userAgent: userAgent),
            "userAgent": userAgent,
            "address": ip,
            "method": authMethod.rawValue,
            "started": DurationText.moment(createdAt),
            "lastSeen": DurationText.moment(lastSeenAt),
            "ends": DurationText.moment(expiresAt),
        ]
    }
}
