import App
import TestSupport
import Testing

/// The Provisioning page's token form.
enum ProvisioningPages {
    /// Has `admin` create a token on the Provisioning page; returns the answer and the token it showed.
    static func createToken(by admin: Browser, name: String, expiresInDays: String = "") throws -> (
        response: TestClient.Response, token: String?
    ) {
        let response = try admin.submit(
            "/admin/provisioning", to: "/admin/provisioning/tokens", [("name", name), ("expires_in_days", expiresInDays)])
        return (response, shownToken(in: response.text))
    }

    /// The token a page shows once, if it shows one.
    static func shownToken(in html: String) -> String? {
        html.firstMatch(of: /<code id="created-token" class="secret">([^<]*)<\/code>/).map { String($0.1) }
    }
}
