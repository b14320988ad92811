import Foundation
import TestSupport

/// Writes a client has been told are done: an admin creating groups over HTTP, each one acknowledged by
/// the 303 that follows its commit.
final class AcknowledgedWrites {
    static let adminEmail = "root@example.com"
    static let adminPassword = "correct horse battery"
    /// The environment that makes the first admin on an empty database.
    static let firstAdmin = ["PORTICO_ADMIN_EMAIL": adminEmail, "PORTICO_ADMIN_PASSWORD": adminPassword]

    /// The names of the groups whose creation was acknowledged, in order.
    private(set) var acknowledged: [String] = []
    /// Every attempt gets a new name: one cut off by a crash may still have committed.
    private var attempts = 0
    private var browser: Browser
    private var csrf: String

    /// Signs in as the first admin on the server at `port`.
    init(port: Int) throws {
        browser = Browser(port: port)
        csrf = ""
        try signIn(port: port)
    }

    /// Signs in again after a restart on another port; the acknowledged names carry over.
    func signIn(port: Int) throws {
        browser = Browser(port: port)
        let signedIn = try browser.signIn(Self.adminEmail, Self.adminPassword)
        guard signedIn.status == 303 else { throw Failure(message: "sign-in answered \(signedIn.status)") }
        guard let token = Browser.csrf(in: try browser.get("/admin/groups/new").text) else {
            throw Failure(message: "no CSRF field on /admin/groups/new")
        }
        csrf = token
    }

    /// Creates the next group; records it only when the server answered that it was created. A connection
    /// cut before the answer (the server killed) throws and records nothing.
    @discardableResult
    func createGroup() throws -> String {
        attempts += 1
        let name = "group-\(attempts)"
        let response = try browser.post("/admin/groups/new", [("csrf", csrf), ("name", name), ("description", "written under load")])
        guard response.status == 303 else { throw Failure(message: "creating \(name) answered \(response.status)") }
        acknowledged.append(name)
        return name
    }

    struct Failure: Error, CustomStringConvertible {
        let message: String
        var description: String { message }
    }
}
