import App
import Foundation
import SQLite
import Storage
import TestSupport
import Testing

/// `/start` on the real app: who sees which tiles, the filter, favorites, recently used, the empty state,
/// escaping, and what signed-out visitors get.
struct StartPagesTests {
    /// Alice holds prod/AdministratorAccess directly and, through `platform`, dev and prod read-only (prod
    /// read-only also directly, so it must appear once). Bob holds billing through `finance`. Carol holds nothing.
    static let directory = """
        {
          "users": [
            {"email": "root@example.com", "display_name": "Root Admin", "password": "root-password-1", "admin": true},
            {"email": "alice@example.com", "display_name": "Alice Liddell", "password": "alice-password-1"},
            {"email": "bob@example.com", "display_name": "Bob Builder", "password": "bob-password-1"},
            {"email": "carol@example.com", "display_name": "Carol Danvers", "password": "carol-password-1"}
          ],
          "groups": [
            {"name": "platform", "members": ["alice@example.com"]},
            {"name": "finance", "members": ["bob@example.com"]}
          ],
          "accounts": [
            {"id": "111111111111", "name": "app-prod", "email": "aws+prod@example.com", "ou": "root/app/prod", "environment": "prod"},
            {"id": "222222222222", "name": "app-dev", "email": "aws+dev@example.com", "ou": "root/app/dev", "environment": "dev"},
            {"id": "333333333333", "name": "billing", "email": "aws+billing@example.com"}
          ],
          "permission_sets": [
            {"name": "AdministratorAccess", "description": "Full access", "session_duration": "PT2H"},
            {"name": "ReadOnlyAccess"},
            {"name": "Data+Eng@Team"}
          ],
          "assignments": [
            {"account": "111111111111", "permission_set": "AdministratorAccess", "user": "alice@example.com"},
            {"account": "111111111111", "permission_set": "ReadOnlyAccess", "user": "alice@example.com"},
            {"account": "111111111111", "permission_set": "ReadOnlyAccess", "group": "platform"},
            {"account": "222222222222", "permission_set": "ReadOnlyAccess", "group": "platform"},
            {"account": "333333333333", "permission_set": "Data+Eng@Team", "group": "finance"}
          ]
        }
        """

    private func signedIn(_ app: PorticoApp, _ name: String) throws -> Browser {
        let browser = Browser(port: app.server.port)
        #expect(try browser.signIn("\(name)@example.com", "\(name)-password-1").status == 303)
        return browser
    }

    /// The (account id, role name) pairs of the tiles, in page order.
    private func tilePairs(_ html: String) -> [String] {
        let tiles = html.components(separatedBy: "id=\"accounts-title\"").last ?? ""
        return consoleLinks(tiles)
    }

    private func consoleLinks(_ html: String) -> [String] {
        html.matches(
            of: /href="\/start\/console\?account_id=(\d{12})&amp;role_name=([^"]+)" target="_blank" rel="noopener">Open console</
        )
        .map { "\($0.1)/\($0.2)" }
    }

    private func tileAccountNames(_ html: String) -> [String] {
        html.matches(of: /data-tile data-name="([^"]*)"/).map { String($0.1) }
    }

    /// The part of the page between a section's heading and the section's end.
    private func section(_ id: String, in html: String) -> String? {
        guard let start = html.range(of: "id=\"\(id)\"") else { return nil }
        let rest = html[start.upperBound...]
        return String(rest[..<(rest.range(of: "</section>")?.lowerBound ?? rest.endIndex)])
    }

    private func starKey(_ html: String, account: String) throws -> String {
        try #require(html.firstMatch(of: try Regex("name=\"star\" value=\"(\(account):[0-9a-f-]{36})\""))?.output[1].substring).description
    }

    // MARK: Routes

    @Test func rootLeadsToThePortalOrToSignInComingBackToIt() throws {
        try withPortico { app, _ in
            try app.apply(Self.directory)
            let visitor = Browser(port: app.server.port)
            let signedOut = try visitor.get("/")
            #expect(signedOut.status == 303)
            #expect(signedOut.header("Location") == "/login?return_to=/start")
            let alice = try signedIn(app, "alice")
            let root = try alice.get("/")
            #expect(root.status == 303)
            #expect(root.header("Location") == "/start")
        }
    }

    /// A signed-out `/start` must not redirect: the browser would drop an AWS-style `#/console?…` fragment
    /// at the sign-in form's POST. The page's script follows the fragment (see `Public/start.js`; the
    /// browser journey is left to a headless-browser test) or goes on to sign in; a refresh does the
    /// latter without scripts.
    @Test func signedOutStartIsAPageThatGoesOnToSignIn() throws {
        try withPortico { app, _ in
            let visitor = Browser(port: app.server.port)
            let page = try visitor.get("/start")
            #expect(page.status == 200)
            #expect(page.header("Cache-Control") == "no-store")
            #expect(page.text.contains("href=\"/login?return_to=/start\" data-sign-in"))
            #expect(page.text.contains("<noscript><meta http-equiv=\"refresh\" content=\"0; url=/login?return_to=/start\"></noscript>"))
            #expect(!page.text.contains("data-tile"))
            // AWS's shape ends in a slash; the query survives sign-in.
            #expect(try visitor.get("/start/").text.contains("href=\"/login?return_to=/start/\" data-sign-in"))
            #expect(try visitor.get("/start?q=prod").text.contains("href=\"/login?return_to=/start%3Fq%3Dprod\" data-sign-in"))

            let script = try #require(page.text.firstMatch(of: /<script src="(\/static\/start\.[0-9a-f]{8}\.js)" defer><\/script>/)?.1)
            let served = try visitor.get(String(script))
            #expect(served.status == 200)
            #expect(served.header("Content-Type")?.hasPrefix("text/javascript") == true)
            // The fragment only ever becomes the query of our fixed route.
            #expect(served.text.contains("window.location.replace(\"/start/console?\" + hash.slice(shortcutPrefix.length))"))
            #expect(served.text.contains("var shortcutPrefix = \"#/console?\";"))
        }
    }

    // MARK: Tiles

    @Test func usersSeeExactlyThePairsTheyHoldDirectlyAndThroughGroups() throws {
        try withPortico { app, _ in
            try app.apply(Self.directory)
            let alice = try signedIn(app, "alice").get("/start")
            #expect(alice.status == 200)
            #expect(alice.header("Cache-Control") == "no-store")
            // Sorted by account name; prod read-only, held twice, once.
            #expect(tileAccountNames(alice.text) == ["app-dev", "app-prod"])
            #expect(
                tilePairs(alice.text) == [
                    "222222222222/ReadOnlyAccess", "111111111111/AdministratorAccess", "111111111111/ReadOnlyAccess",
                ])
            #expect(alice.text.contains("<span class=\"badge badge-prod\">prod</span>"))
            #expect(alice.text.contains("111111111111 · aws+prod@example.com<br>root/app/prod"))
            #expect(
                alice.text.contains(
                    "AdministratorAccess <small>2 hours</small><small>Full access</small>"))
            #expect(alice.text.contains("href=\"/start/shortcuts/new?account_id=111111111111&amp;role_name=AdministratorAccess\""))
            #expect(alice.text.contains("href=\"/start/console?account_id=111111111111&amp;role_name=AdministratorAccess\" data-copy-link"))
            #expect(!alice.text.contains("333333333333"))
            #expect(alice.text.contains(#"<script src="/static/start."#))

            // Bob's one role has characters a query string must encode.
            let bob = try signedIn(app, "bob").get("/start")
            #expect(tilePairs(bob.text) == ["333333333333/Data%2BEng%40Team"])
            #expect(!bob.text.contains("111111111111") && !bob.text.contains("222222222222"))
        }
    }

    @Test func theFilterNarrowsByAccountNameIdEmailOrRole() throws {
        try withPortico { app, _ in
            try app.apply(Self.directory)
            let alice = try signedIn(app, "alice")
            #expect(tileAccountNames(try alice.get("/start?q=PROD").text) == ["app-prod"])
            #expect(tilePairs(try alice.get("/start?q=2222").text) == ["222222222222/ReadOnlyAccess"])
            #expect(tileAccountNames(try alice.get("/start?q=aws%2Bdev%40").text) == ["app-dev"])
            // A role match keeps only the matching roles of an account.
            #expect(
                tilePairs(try alice.get("/start?q=readonly").text) == ["222222222222/ReadOnlyAccess", "111111111111/ReadOnlyAccess"])
            let filtered = try alice.get("/start?q=+admin+").text
            #expect(tilePairs(filtered) == ["111111111111/AdministratorAccess"])
            // The typed text stays in the box (trimmed) and in the favorites form, so starring keeps it.
            #expect(filtered.contains("name=\"q\" value=\"admin\" autocomplete"))
            #expect(filtered.contains("name=\"q\" value=\"admin\" data-portal-query"))

            let none = try alice.get("/start?q=billing").text
            #expect(tilePairs(none).isEmpty)
            #expect(
                none.contains(
                    "<p class=\"portal-no-match\" role=\"status\" data-no-match>No accounts match “<span data-no-match-query>billing</span>”."
                ))
            #expect(try alice.get("/start").text.contains("data-no-match hidden>"))
        }
    }

    /// `/start` keeps each user's roles and tiles between requests (StartPageCache); a write by another
    /// process, such as `portico apply` on the same data directory, must still show on the next request.
    @Test func aChangeFromAnotherProcessShowsOnTheNextPage() throws {
        try withPortico { app, _ in
            try app.apply(Self.directory)
            let alice = try signedIn(app, "alice")
            let all = ["222222222222/ReadOnlyAccess", "111111111111/AdministratorAccess", "111111111111/ReadOnlyAccess"]
            #expect(tilePairs(try alice.get("/start").text) == all)
            #expect(tilePairs(try alice.get("/start").text) == all)

            // Another connection to the same file, as another process would open it.
            let other = try Database(path: app.database.path)
            try other.write { try $0.execute("DELETE FROM assignments WHERE account_id = '222222222222'") }
            #expect(tilePairs(try alice.get("/start").text) == ["111111111111/AdministratorAccess", "111111111111/ReadOnlyAccess"])
            try other.write { try $0.execute("UPDATE accounts SET name = 'renamed-prod' WHERE id = '111111111111'") }
            #expect(tileAccountNames(try alice.get("/start").text) == ["renamed-prod"])
            try other.write { try $0.execute("UPDATE users SET status = 'disabled' WHERE email = 'alice@example.com'") }
            #expect(try alice.get("/start").status == 200)
            #expect(!(try alice.get("/start").text.contains("renamed-prod")))
        }
    }

    /// Alice holds six roles in app-prod and one in app-dev.
    static let manyRoles = """
        {
          "users": [{"email": "alice@example.com", "display_name": "Alice Liddell", "password": "alice-password-1"}],
          "accounts": [
            {"id": "111111111111", "name": "app-prod", "email": "aws+prod@example.com"},
            {"id": "222222222222", "name": "app-dev", "email": "aws+dev@example.com"}
          ],
          "permission_sets": [
            {"name": "AdministratorAccess"}, {"name": "Billing"}, {"name": "DataScientist"}, {"name": "NetworkAdmin"},
            {"name": "ReadOnlyAccess"}, {"name": "SecurityAudit"}
          ],
          "assignments": [
            {"account": "111111111111", "permission_set": "AdministratorAccess", "user": "alice@example.com"},
            {"account": "111111111111", "permission_set": "Billing", "user": "alice@example.com"},
            {"account": "111111111111", "permission_set": "DataScientist", "user": "alice@example.com"},
            {"account": "111111111111", "permission_set": "NetworkAdmin", "user": "alice@example.com"},
            {"account": "111111111111", "permission_set": "ReadOnlyAccess", "user": "alice@example.com"},
            {"account": "111111111111", "permission_set": "SecurityAudit", "user": "alice@example.com"},
            {"account": "222222222222", "permission_set": "ReadOnlyAccess", "user": "alice@example.com"}
          ]
        }
        """

    /// The roles listed open and those in the fold of one account's tile, and the fold's opening tag.
    private func tileFold(_ html: String, account: String) throws -> (open: [String], folded: [String], details: String?) {
        let tile = try #require(html.firstMatch(of: try Regex("data-tile data-name=\"[^\"]*\" data-id=\"\(account)\"")))
        let rest = html[tile.range.upperBound...]
        let body = rest[..<(rest.range(of: "data-tile ")?.lowerBound ?? rest.endIndex)]
        let roleName = /<li data-role="([^"]+)">/
        guard let fold = body.range(of: "<details") else {
            return (body.matches(of: roleName).map { String($0.1) }, [], nil)
        }
        let details = String(body[fold.lowerBound...].prefix { $0 != ">" }) + ">"
        return (
            body[..<fold.lowerBound].matches(of: roleName).map { String($0.1) },
            body[fold.lowerBound...].matches(of: roleName).map { String($0.1) }, details
        )
    }

    @Test func rolesPastTheFirstFewFoldAwayAndTheFilterOpensTheFold() throws {
        try withPortico { app, _ in
            try app.apply(Self.manyRoles)
            let alice = try signedIn(app, "alice")
            let page = try alice.get("/start").text
            let all = try tileFold(page, account: "111111111111")
            #expect(all.open == ["AdministratorAccess", "Billing", "DataScientist", "NetworkAdmin"])
            #expect(all.folded == ["ReadOnlyAccess", "SecurityAudit"])
            // A <details> opens and closes without JavaScript.
            #expect(all.details == "<details class=\"role-more\" data-role-more>")
            #expect(page.contains("<summary>2 more roles</summary>"))
            #expect(try tileFold(page, account: "222222222222").details == nil)

            // A role found by name in the fold opens it, on its own or beside roles listed open.
            let security = try alice.get("/start?q=security").text
            #expect(try tileFold(security, account: "111111111111").folded == ["SecurityAudit"])
            #expect(try tileFold(security, account: "111111111111").details == "<details class=\"role-more\" data-role-more open>")
            #expect(security.contains("<summary>1 more role</summary>"))
            let access = try tileFold(try alice.get("/start?q=access").text, account: "111111111111")
            #expect(access.open == ["AdministratorAccess"] && access.folded == ["ReadOnlyAccess"])
            #expect(access.details?.hasSuffix(" open>") == true)
            // A role listed open leaves the fold out; an account found by name keeps it closed.
            let admin = try tileFold(try alice.get("/start?q=admin").text, account: "111111111111")
            #expect(admin.open == ["AdministratorAccess", "NetworkAdmin"] && admin.details == nil)
            let byAccount = try tileFold(try alice.get("/start?q=app-prod").text, account: "111111111111")
            #expect(byAccount.folded == ["ReadOnlyAccess", "SecurityAudit"] && byAccount.details?.hasSuffix("data-role-more>") == true)

            // start.js applies the same rule as the user types (the browser journey runs it).
            let script = try #require(page.firstMatch(of: /<script src="(\/static\/start\.[0-9a-f]{8}\.js)" defer>/)?.1)
            #expect(try alice.get(String(script)).text.contains("querySelectorAll(\"[data-role-more]\")"))
        }
    }

    /// "Open console" opens a new tab, as AWS's portal does; "same tab" beside it does not. The launch page
    /// it opens still signs in (its CSP allows the form's post to AWS, whichever tab it is in).
    @Test func openConsoleOpensANewTabAndSameTabStays() throws {
        try withPortico { app, _ in
            try app.apply(Self.directory)
            let alice = try signedIn(app, "alice")
            let page = try alice.get("/start").text
            let newTab = page.matches(of: /<a [^>]*>Open console<span class="visually-hidden"> \(opens a new tab\)<\/span><\/a>/)
                .map { String($0.0) }
            #expect(newTab.count == 3)
            #expect(newTab.allSatisfy { $0.contains(#"target="_blank" rel="noopener""#) })
            let sameTab = page.matches(
                of: /<a class="role-same-tab" href="([^"]+)">same tab<span class="visually-hidden">: open ([^<]+) here<\/span><\/a>/)
            #expect(
                sameTab.map { "\($0.1)|\($0.2)" }.first
                    == "/start/console?account_id=222222222222&amp;role_name=ReadOnlyAccess|ReadOnlyAccess in app-dev")
            #expect(sameTab.count == 3)

            // Favorites open the same way.
            let key = try starKey(page, account: "222222222222")
            #expect(try alice.post("/start/favorites", [("csrf", try #require(Browser.csrf(in: page))), ("star", key)]).status == 303)
            let favorites = try #require(section("favorites-title", in: try alice.get("/start").text))
            #expect(
                favorites.contains(
                    #"role_name=ReadOnlyAccess" target="_blank" rel="noopener">Open console<span class="visually-hidden"> (opens a new tab)</span></a> <a class="role-same-tab""#
                ))

            let launch = try alice.get("/start/console?account_id=222222222222&role_name=ReadOnlyAccess")
            #expect(launch.status == 200 && launch.text.contains("SAMLResponse"))
            let signIn = try #require(
                launch.text.firstMatch(of: /id="console-launch" class="form" method="post" action="(https:\/\/[^\/"]+)/)?.1)
            #expect(launch.header("Content-Security-Policy")?.contains("form-action 'self' \(signIn)") == true)
        }
    }

    /// Starring comes back at the role's own star (`#role-…`, the button's id, which the browser focuses) and
    /// says which role was starred in a live region; start.js focuses it and announces again after load.
    @Test func starringComesBackToTheSameStarAndSaysWhichRole() throws {
        try withPortico { app, _ in
            try app.apply(Self.directory)
            let alice = try signedIn(app, "alice")
            let page = try alice.get("/start?q=app").text
            let key = try starKey(page, account: "111111111111")
            let anchor = "role-" + key.replacing(":", with: "-")
            #expect(page.contains("<button class=\"star\" id=\"\(anchor)\" name=\"star\" value=\"\(key)\""))
            #expect(page.contains("<p class=\"portal-starred\" role=\"status\" aria-live=\"polite\" data-star-status></p>"))

            let starred = try alice.post("/start/favorites", [("csrf", try #require(Browser.csrf(in: page))), ("star", key), ("q", "app")])
            #expect(starred.status == 303)
            let location = try #require(starred.header("Location"))
            #expect(location == "/start?starred=" + Browser.encode(key) + "&q=app#" + anchor)
            let back = try alice.get(String(location.prefix { $0 != "#" })).text
            #expect(back.contains("data-star-status>AdministratorAccess in app-prod starred</p>"))
            #expect(back.contains("<button class=\"star\" id=\"\(anchor)\" name=\"unstar\" value=\"\(key)\" aria-pressed=\"true\""))
            #expect(back.contains("name=\"q\" value=\"app\" autocomplete"))

            let unstarred = try alice.post("/start/favorites", [("csrf", try #require(Browser.csrf(in: back))), ("unstar", key)])
            let unstarLocation = try #require(unstarred.header("Location"))
            #expect(unstarLocation == "/start?unstarred=" + Browser.encode(key) + "#" + anchor)
            #expect(
                try alice.get(String(unstarLocation.prefix { $0 != "#" })).text.contains(
                    "data-star-status>AdministratorAccess in app-prod unstarred</p>"))

            // Only the user's own roles are ever named: another's key, or nonsense, says nothing.
            let bobKey = try starKey(try signedIn(app, "bob").get("/start").text, account: "333333333333")
            #expect(try alice.get("/start?starred=" + Browser.encode(bobKey)).text.contains("data-star-status></p>"))
            #expect(try alice.get("/start?starred=%3Cb%3E").text.contains("data-star-status></p>"))

            let script = try #require(page.firstMatch(of: /<script src="(\/static\/start\.[0-9a-f]{8}\.js)" defer>/)?.1)
            #expect(try alice.get(String(script)).text.contains(##"hash.indexOf("#role-") === 0"##))
        }
    }

    // MARK: Favorites and recently used

    @Test func favoritesPersistAcrossBrowsersOfTheSameUserOnly() throws {
        try withPortico { app, _ in
            try app.apply(Self.directory)
            let laptop = try signedIn(app, "alice")
            let page = try laptop.get("/start").text
            #expect(section("favorites-title", in: page) == nil)
            let key = try starKey(page, account: "222222222222")
            let csrf = try #require(Browser.csrf(in: page))
            let starred = try laptop.post("/start/favorites", [("csrf", csrf), ("star", key), ("q", "app")])
            #expect(starred.status == 303)
            #expect(starred.header("Location") == "/start?starred=" + Browser.encode(key) + "&q=app#role-" + key.replacing(":", with: "-"))

            // Another browser, another session of Alice's: the favorite is there, first.
            let phone = try signedIn(app, "alice")
            let onPhone = try phone.get("/start").text
            let favorites = try #require(section("favorites-title", in: onPhone))
            #expect(consoleLinks(favorites) == ["222222222222/ReadOnlyAccess"])
            #expect(onPhone.range(of: "id=\"favorites-title\"")!.lowerBound < onPhone.range(of: "data-tile")!.lowerBound)
            #expect(onPhone.contains("name=\"unstar\" value=\"\(key)\" aria-pressed=\"true\""))
            // Bob, who does not hold it, sees nothing of it.
            #expect(section("favorites-title", in: try signedIn(app, "bob").get("/start").text) == nil)

            let events = try app.database.read { try AuditStore($0).list(AuditStore.Filter(action: "portal.favorite.add")).items }
            #expect(events.count == 1 && events.first?.actor == "alice@example.com")

            let unstarred = try phone.post("/start/favorites", [("csrf", try #require(Browser.csrf(in: onPhone))), ("unstar", key)])
            #expect(unstarred.header("Location")?.hasPrefix("/start?unstarred=") == true)
            #expect(section("favorites-title", in: try laptop.get("/start").text) == nil)
        }
    }

    @Test func onlyAHeldRoleCanBeStarredAndOnlyWithTheFormsToken() throws {
        try withPortico { app, _ in
            try app.apply(Self.directory)
            let bobKey = try starKey(try signedIn(app, "bob").get("/start").text, account: "333333333333")
            let alice = try signedIn(app, "alice")
            let page = try alice.get("/start").text
            let csrf = try #require(Browser.csrf(in: page))
            #expect(try alice.post("/start/favorites", [("csrf", csrf), ("star", bobKey)]).status == 404)
            #expect(try alice.post("/start/favorites", [("csrf", csrf), ("star", "not-a-role")]).status == 400)
            let aliceKey = try starKey(page, account: "111111111111")
            #expect(try alice.post("/start/favorites", [("csrf", "forged"), ("star", aliceKey)]).status == 403)
            let stored: Int = try app.database.read { try $0.scalar("SELECT count(*) FROM favorite_roles") }
            #expect(stored == 0)
        }
    }

    @Test func aFavoriteDisappearsWithItsAssignment() throws {
        try withPortico { app, _ in
            try app.apply(Self.directory)
            let alice = try signedIn(app, "alice")
            let page = try alice.get("/start").text
            let key = try starKey(page, account: "222222222222")
            #expect(try alice.post("/start/favorites", [("csrf", try #require(Browser.csrf(in: page))), ("star", key)]).status == 303)
            #expect(section("favorites-title", in: try alice.get("/start").text) != nil)

            // Alice leaves the group that gave her app-dev.
            try app.apply(#"{"groups": [{"name": "platform", "members": []}, {"name": "finance", "members": ["bob@example.com"]}]}"#)
            let after = try alice.get("/start").text
            #expect(section("favorites-title", in: after) == nil)
            #expect(tileAccountNames(after) == ["app-prod"])
        }
    }

    @Test func recentlyUsedListsTheLastLaunchesNewestFirst() throws {
        try withPortico { app, _ in
            try app.apply(Self.directory)
            let alice = try signedIn(app, "alice")
            #expect(section("recent-title", in: try alice.get("/start").text) == nil)
            let (aliceID, sets) = try app.database.read { db in
                (
                    try #require(try UserStore(db).find(email: "alice@example.com")).id,
                    Dictionary(
                        uniqueKeysWithValues: try PermissionSetStore(db).list(ListQuery(sort: .name, limit: 10)).items.map {
                            ($0.name, $0.id)
                        })
                )
            }
            let now = Int(Date().timeIntervalSince1970)
            try app.database.write { db in
                let store = PortalStore(db)
                try store.recordLaunch(
                    userID: aliceID, accountID: "222222222222", permissionSetID: sets["ReadOnlyAccess"]!, at: now - 7_200)
                try store.recordLaunch(userID: aliceID, accountID: "111111111111", permissionSetID: sets["AdministratorAccess"]!, at: now)
            }
            let page = try alice.get("/start").text
            let recent = try #require(section("recent-title", in: page))
            #expect(consoleLinks(recent) == ["111111111111/AdministratorAccess", "222222222222/ReadOnlyAccess"])
            #expect(recent.contains("just now") && recent.contains("2 h ago"))
            #expect(section("recent-title", in: try signedIn(app, "bob").get("/start").text) == nil)

            // A launch of a role no longer held is not shown.
            try app.apply(#"{"groups": [{"name": "platform", "members": []}, {"name": "finance", "members": ["bob@example.com"]}]}"#)
            #expect(
                consoleLinks(try #require(section("recent-title", in: try alice.get("/start").text))) == [
                    "111111111111/AdministratorAccess"
                ])
        }
    }

    /// Opening the console records the launch in the launch's own transaction; the next portal page lists it.
    @Test func aConsoleLaunchShowsUnderRecentlyUsed() throws {
        try withPortico { app, _ in
            try app.apply(Self.directory)
            let alice = try signedIn(app, "alice")
            #expect(try alice.get("/start").status == 200)
            let launch = try alice.get("/start/console?account_id=222222222222&role_name=ReadOnlyAccess")
            #expect(launch.status == 200)
            #expect(launch.text.contains("SAMLResponse"))
            let recent = try #require(section("recent-title", in: try alice.get("/start").text))
            #expect(consoleLinks(recent) == ["222222222222/ReadOnlyAccess"])
            #expect(recent.contains("just now"))
            // A refused launch records nothing.
            #expect(try alice.get("/start/console?account_id=333333333333&role_name=Data%2BEng%40Team").status == 403)
            #expect(
                consoleLinks(try #require(section("recent-title", in: try alice.get("/start").text))) == ["222222222222/ReadOnlyAccess"])
        }
    }

    /// Links name the IAM role as the `role_name_pattern` setting derives it, which the launch maps back.
    @Test func roleNamesFollowTheRoleNamePatternSetting() throws {
        try withPortico { app, _ in
            try app.apply(Self.directory)
            let bob = try signedIn(app, "bob")
            #expect(tilePairs(try bob.get("/start").text) == ["333333333333/Data%2BEng%40Team"])
            try app.database.write { try SettingsStore($0).setRoleNamePattern("Portico-{permission_set}", now: 0) }
            let page = try bob.get("/start").text
            #expect(tilePairs(page) == ["333333333333/Portico-Data%2BEng%40Team"])
            #expect(page.contains("<li data-role=\"Portico-Data+Eng@Team\">"))
            #expect(tilePairs(try bob.get("/start?q=portico-data").text) == ["333333333333/Portico-Data%2BEng%40Team"])
            #expect(try bob.get("/start/console?account_id=333333333333&role_name=Portico-Data%2BEng%40Team").status == 200)
        }
    }

    // MARK: Empty state and escaping

    @Test func someoneWithoutAccessIsToldWhomToAsk() throws {
        try withPortico { app, _ in
            try app.apply(Self.directory)
            let page = try signedIn(app, "carol").get("/start")
            #expect(page.status == 200)
            #expect(page.text.contains("You have no AWS access yet"))
            #expect(page.text.contains("Root Admin &lt;<a href=\"mailto:root@example.com\">root@example.com</a>&gt;"))
            #expect(!page.text.contains("data-portal-filter"))
            #expect(!page.text.contains("Alice Liddell"))
        }
    }

    @Test func hostileNamesAndQueriesAreEscaped() throws {
        try withPortico { app, _ in
            try app.apply(Self.directory)
            try app.apply(
                """
                {"accounts": [
                  {"id": "111111111111", "name": "<script>alert(1)</script>", "email": "aws+prod@example.com", "environment": "\\"><b>x"},
                  {"id": "222222222222", "name": "app-dev", "email": "aws+dev@example.com"},
                  {"id": "333333333333", "name": "billing", "email": "aws+billing@example.com"}
                ]}
                """)
            let alice = try signedIn(app, "alice")
            let page = try alice.get("/start").text
            #expect(page.contains("data-name=\"&lt;script&gt;alert(1)&lt;/script&gt;\""))
            #expect(page.contains("<h3 class=\"card-title\">&lt;script&gt;alert(1)&lt;/script&gt;</h3>"))
            #expect(page.contains("<span class=\"badge\">&quot;&gt;&lt;b&gt;x</span>"))
            #expect(!page.contains("<script>alert"))
            #expect(!page.contains("<b>x"))
            let query = try alice.get("/start?q=%22%3E%3Cscript%3Ex").text
            #expect(query.contains("value=\"&quot;&gt;&lt;script&gt;x\""))
            #expect(query.contains("<span data-no-match-query>&quot;&gt;&lt;script&gt;x</span>"))
            #expect(!query.contains("<script>x"))
        }
    }
}
