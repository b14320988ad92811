import Crypto
import TemplateEngine
import Time
import Web

/// Renders pages inside the layout, filling what every page shares: stylesheet, version, and for a
/// signed-in request the user, the CSRF token and the session's end.
package struct PageRenderer: Sendable {
    /// Every page a handler names; the boot fails if one is missing or does not compile.
    package static let pages = [
        "pages/login", "pages/mfa", "pages/sessions", "pages/setup", "pages/reset-password",
        "pages/mfa-devices", "pages/mfa-enrol", "pages/recovery-codes", "pages/admin-users", "pages/admin-user", "error",
        "pages/admin-permission-sets", "pages/admin-permission-set", "pages/admin-permission-set-form",
        "pages/admin-permission-set-delete", "pages/admin-audit", "pages/admin-user-import", "pages/admin-user-import-preview",
        // Admin: the directory
        "pages/admin-user-form", "pages/admin-user-delete", "pages/admin-groups", "pages/admin-group",
        "pages/admin-group-form", "pages/admin-group-delete", "pages/admin-accounts", "pages/admin-account",
        "pages/admin-account-form", "pages/admin-account-delete", "pages/confirm",
        // Admin: provisioning and settings
        "pages/admin-provisioning", "pages/admin-settings",
        // Console federation
        "pages/console-launch", "pages/console-roles", "pages/console-refused", "pages/shortcut-new",
        // Portal
        "pages/start", "pages/start-signed-out", "partials/start-tiles", "pages/cli-setup",
    ]

    private let library: TemplateLibrary
    private let shared: TemplateObject
    private let sessionScriptPath: String
    private let cookies: SessionCookies
    /// For the session time left that every signed-in page shows.
    private let clock: WallClock

    package init(
        library: TemplateLibrary, stylesheetPath: String, sessionScriptPath: String = "", isSecure: Bool = false, clock: WallClock
    ) throws(TemplateError) {
        try library.require(Self.pages)
        self.clock = clock
        self.library = library
        self.shared = ["stylesheetPath": stylesheetPath, "version": PorticoVersion.current]
        self.sessionScriptPath = sessionScriptPath
        self.cookies = SessionCookies(isSecure: isSecure)
    }

    /// The named page as a complete HTML response, without anything about the visitor.
    package func page(_ name: String, _ values: TemplateObject = TemplateObject(), status: HTTPStatus = .ok) throws -> HTTPResponse {
        let template = try library.template(named: name)
        // The renderer sizes its buffer from the template's previous output, so a large page is copied
        // once into an array of its exact size rather than grown through an 8 KiB start.
        let body: [UInt8] = template.render(.object(shared.merging(values)))
        return HTTPResponse.html(body, status: status)
    }

    /// A template rendered on its own, without the layout or the shared values, as HTML for a page's
    /// `.raw` value (escaping happened while rendering it).
    func fragment(_ name: String, _ values: TemplateObject) throws -> String {
        try library.template(named: name).render(.object(values))
    }

    /// The named page for this request: the layout shows who is signed in, the sign-out form gets its
    /// CSRF token, and the session-expiry script gets the session's end.
    func page(_ name: String, request: Request, _ values: TemplateObject = TemplateObject(), status: HTTPStatus = .ok) throws
        -> HTTPResponse
    {
        try page(name, visitor(request).merging(values), status: status)
    }

    /// A page whose form a signed-out visitor submits: it carries the double-submit token as
    /// `anonymousCSRF`, set as a cookie when the browser does not hold one yet.
    ///
    /// An existing well-formed cookie is reused so that two open sign-in tabs both keep working.
    func anonymousForm(_ name: String, request: Request, _ values: TemplateObject = TemplateObject(), status: HTTPStatus = .ok)
        throws -> HTTPResponse
    {
        let existing = request.cookies[SessionCookies.anonymousCSRF].flatMap { Token.isWellFormed($0) ? $0 : nil }
        let token = existing ?? Token.generate()
        var response = try page(name, request: request, values.merging(["anonymousCSRF": token]), status: status)
        if existing == nil { response.setCookie(cookies.anonymousCSRF(token)) }
        response.headers.replaceOrAdd(name: "Cache-Control", value: "no-store")
        return response
    }

    /// The error page for a status; never fails (it falls back to plain text).
    package func errorPage(_ error: HTTPError, request: Request) -> HTTPResponse {
        let values: TemplateObject = [
            "status": error.status.code,
            "title": error.status.reasonPhrase,
            "message": error.message,
            "requestID": request.requestID,
        ]
        guard var response = try? page("error", visitor(request).merging(values), status: error.status) else {
            return HTTPResponse.text("\(error.status.code) \(error.message)\n", status: error.status)
        }
        for field in error.headers { response.headers.replaceOrAdd(name: field.name, value: field.value) }
        return response
    }

    private func visitor(_ request: Request) -> TemplateObject {
        guard let signedIn = request.signedIn else { return TemplateObject() }
        let now = clock.epochSeconds
        return [
            "currentUser": [
                "displayName": signedIn.user.displayName, "email": signedIn.user.email, "isAdmin": signedIn.user.isAdmin,
                "ownsAccounts": signedIn.ownsAccounts,
            ] as TemplateObject,
            "csrfToken": signedIn.csrfToken,
            "sessionExpiresAt": signedIn.session.expiresAt,
            "sessionRemaining": DurationText.remaining(signedIn.session.lifetime.remainingSeconds(at: now)),
            "scriptPath": sessionScriptPath.isEmpty ? TemplateValue.null : .string(sessionScriptPath),
        ]
    }
}
