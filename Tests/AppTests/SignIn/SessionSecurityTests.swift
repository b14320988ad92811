import Foundation
import TestSupport
import Testing

@testable import App

/// The small pieces sign-in relies on: browser names, the pending-MFA cookie, the server secret, times.
struct SessionSecurityTests {
    @Test(arguments: [
        ("Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0.0.0 Safari/537.36", "Chrome"),
        ("Mozilla/5.0 (X11; Linux x86_64; rv:133.0) Gecko/20100101 Firefox/133.0", "Firefox"),
        ("Mozilla/5.0 (Macintosh; Intel Mac OS X 14_7) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/18.1 Safari/605.1.15", "Safari"),
        (
            "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0.0.0 Safari/537.36 Edg/131.0.0.0",
            "Edge"
        ),
        ("curl/8.5.0", "curl"),
        ("", "Unknown browser"),
        ("python-requests/2.32", "Unknown browser"),
    ])
    func browserFamilyFromUserAgent(userAgent: String, family: String) {
        #expect(BrowserFamily.name(userAgent: userAgent) == family)
    }

    @Test func pendingSignInRefusesForgedExpiredAndForeignCookies() {
        let secret = ServerSecret(bytes: Array(repeating: 7, count: 32))
        let pending = PendingSignIn(userID: "5b0c1f9e-0000-4000-8000-000000000001", expiresAt: 2_000)
        let value = pending.cookieValue(secret: secret)
        #expect(PendingSignIn.decode(value, secret: secret, now: 1_999) == pending)
        #expect(PendingSignIn.decode(value, secret: secret, now: 2_000) == nil)
        #expect(PendingSignIn.decode(value, secret: ServerSecret(bytes: Array(repeating: 8, count: 32)), now: 1_000) == nil)
        #expect(PendingSignIn.decode(value.replacingOccurrences(of: "2000", with: "3000"), secret: secret, now: 1_000) == nil)
        #expect(PendingSignIn.decode("garbage", secret: secret, now: 1_000) == nil)
        // A CSRF token (same secret, another purpose) is not a pending-MFA MAC.
        let payload = "\(pending.userID).\(pending.expiresAt)"
        #expect(PendingSignIn.decode(payload + "." + secret.mac("csrf", payload), secret: secret, now: 1_000) == nil)
    }

    @Test func serverSecretIsCreatedPrivateReadBackAndRefusedWhenTruncated() throws {
        let path = Checkout.temporaryDirectory("secret")
        defer { try? FileManager.default.removeItem(atPath: path) }
        let directory = try DataDirectory(path: path)
        let first = try ServerSecret.loadOrCreate(in: directory)
        let attributes = try FileManager.default.attributesOfItem(atPath: path + "/secret.key")
        #expect((attributes[.posixPermissions] as? Int) == 0o600)
        #expect((attributes[.size] as? Int) == 32)
        let second = try ServerSecret.loadOrCreate(in: directory)
        #expect(first.mac("csrf", "x") == second.mac("csrf", "x"))
        #expect(!String(describing: first).contains(first.mac("csrf", "x")))

        try Data([1, 2, 3]).write(to: URL(fileURLWithPath: path + "/secret.key"))
        #expect(throws: StartupError.self) { try ServerSecret.loadOrCreate(in: directory) }
    }

    @Test(arguments: [
        (28_799, "7 h 59 min"), (28_800, "8 h"), (90 * 86_400, "90 d"), (3_700, "1 h 1 min"), (240, "4 min"), (30, "less than a minute"),
    ])
    func remainingTimeIsShortAndRoundedDown(seconds: Int, text: String) {
        #expect(DurationText.remaining(seconds) == text)
    }

    @Test func returnPathKeepsOnlyPathsOnThisSite() {
        #expect(ReturnPath.sanitized("/start/console?account_id=1") == "/start/console?account_id=1")
        for hostile in [
            "//evil.example", "/\\evil.example", "https://evil.example", "javascript:alert(1)", "/\n/evil", "/login?return_to=//x", nil,
        ] {
            #expect(ReturnPath.sanitized(hostile) == "/")
        }
        #expect(ReturnPath.signInPath(returningTo: "/me/sessions?x=a b") == "/login?return_to=/me/sessions%3Fx%3Da%20b")
    }
}
