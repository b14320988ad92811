import App
import Domain
import Foundation
import Storage
import Testing

/// The account form's "reached by switching role" fields, the account page that shows a route from both
/// ends, and a jump account's delete page, which refuses while accounts are reached through it.
struct JumpAccountAdminPagesTests {
    private func fields(id: String? = nil, name: String, via: String, role: String = "") -> [(String, String)] {
        var fields = [
            ("name", name), ("email", "aws+\(name)@example.com"), ("ou", "root/service/app"), ("environment", ""), ("owners", ""),
            ("via_account", via), ("via_role", role),
        ]
        if let id { fields.insert(("id", id), at: 0) }
        return fields
    }

    @Test func anAccountIsRoutedThroughAJumpAccountAndShownFromBothEnds() throws {
        try withPortico { app, _ in
            try app.apply(DirectoryPages.directory)
            let root = try DirectoryPages.root(app)
            let form = try root.get("/admin/accounts/new").text
            #expect(form.contains(#"name="via_account""#) && form.contains(#"name="via_role""#))
            let created = try root.submit(
                "/admin/accounts/new", to: "/admin/accounts/new",
                fields(id: "333333333333", name: "data-prod", via: "2222-2222-2222", role: "PorticoJump"))
            #expect(created.status == 303)
            #expect(
                try app.database.read { try AccountStore($0).find(id: "333333333333") }?.reachedThrough
                    == JumpRoute(accountID: "222222222222", roleName: "PorticoJump"))
            let event = try DirectoryPages.details(try #require(try app.auditEvents("account.create").first))
            #expect((event["after"] as? [String: Any])?["via"] as? [String: String] == ["account": "222222222222", "role": "PorticoJump"])

            let member = try root.get("/admin/accounts/333333333333").text
            #expect(member.contains("Reached through"))
            #expect(member.contains(#"<a href="/admin/accounts/222222222222">app-dev</a> (<code>222222222222</code>)"#))
            #expect(member.contains("its role <code>PorticoJump</code>"))
            #expect(member.contains("trusting only the jump"))
            let jump = try root.get("/admin/accounts/222222222222").text
            #expect(jump.contains("Jump account for"))
            #expect(jump.contains(#"<a href="/admin/accounts/333333333333">data-prod</a>"#))

            // Without a role: the permission set's role in the jump account.
            let edit = try root.get("/admin/accounts/333333333333/edit").text
            #expect(edit.contains(#"value="222222222222""#) && edit.contains(#"value="PorticoJump""#))
            let updated = try root.submit(
                "/admin/accounts/333333333333/edit", to: "/admin/accounts/333333333333/edit",
                fields(name: "data-prod", via: "222222222222"))
            #expect(updated.status == 303)
            #expect(
                try app.database.read { try AccountStore($0).find(id: "333333333333") }?.reachedThrough
                    == JumpRoute(accountID: "222222222222"))
            #expect(try root.get("/admin/accounts/333333333333").text.contains("the role named after each permission set there"))

            // Both fields empty: signed in to directly again.
            _ = try root.submit(
                "/admin/accounts/333333333333/edit", to: "/admin/accounts/333333333333/edit", fields(name: "data-prod", via: ""))
            #expect(try app.database.read { try AccountStore($0).find(id: "333333333333") }?.reachedThrough == nil)
        }
    }

    @Test func impossibleRoutesAreRefusedWithReasonsAndTypedValuesKept() throws {
        try withPortico { app, _ in
            try app.apply(DirectoryPages.directory)
            let root = try DirectoryPages.root(app)
            let unknown = try root.submit(
                "/admin/accounts/new", to: "/admin/accounts/new",
                fields(id: "333333333333", name: "data-prod", via: "999999999999", role: "team/Jump"))
            #expect(unknown.status == 422)
            #expect(unknown.text.contains("Jump role must be an IAM role name of 1 to 64 letters, digits or +=,.@_-."))
            #expect(unknown.text.contains(#"value="999999999999""#) && unknown.text.contains(#"value="team/Jump""#))

            let missing = try root.submit(
                "/admin/accounts/new", to: "/admin/accounts/new", fields(id: "333333333333", name: "data-prod", via: "999999999999"))
            #expect(missing.status == 422)
            #expect(missing.text.contains("Jump account names no account in Portico; add the jump account first."))

            let roleAlone = try root.submit(
                "/admin/accounts/new", to: "/admin/accounts/new", fields(id: "333333333333", name: "data-prod", via: "", role: "Jump"))
            #expect(roleAlone.status == 422)
            #expect(roleAlone.text.contains("Jump role must be left empty for an account people sign in to directly."))
            #expect(try app.database.read { try AccountStore($0).find(id: "333333333333") } == nil)

            // app-prod through app-dev; then app-dev cannot itself be routed, and nothing can go through app-prod.
            #expect(
                try root.submit(
                    "/admin/accounts/111111111111/edit", to: "/admin/accounts/111111111111/edit",
                    fields(name: "app-prod", via: "222222222222")
                ).status == 303)
            let loop = try root.submit(
                "/admin/accounts/222222222222/edit", to: "/admin/accounts/222222222222/edit", fields(name: "app-dev", via: "111111111111"))
            #expect(loop.status == 422)
            #expect(loop.text.contains("Jump account is itself reached through 222222222222"))
            let chain = try root.submit(
                "/admin/accounts/new", to: "/admin/accounts/new", fields(id: "333333333333", name: "data-prod", via: "111111111111"))
            #expect(chain.status == 422)
            #expect(chain.text.contains("Jump account is itself reached through 222222222222"))
        }
    }

    @Test func aJumpAccountInUseCannotBeDeleted() throws {
        try withPortico { app, _ in
            try app.apply(DirectoryPages.directory)
            let root = try DirectoryPages.root(app)
            _ = try root.submit(
                "/admin/accounts/111111111111/edit", to: "/admin/accounts/111111111111/edit", fields(name: "app-prod", via: "222222222222"))
            let confirm = try root.get("/admin/accounts/222222222222/delete")
            #expect(confirm.text.contains("This account cannot be deleted"))
            #expect(confirm.text.contains(#"<a href="/admin/accounts/111111111111">app-prod</a>"#))
            #expect(!confirm.text.contains("Delete account</button>"))

            // A form posted anyway (an old tab) is refused too, and nothing is deleted.
            let csrf = try DirectoryPages.csrf(root, "/admin/accounts/222222222222/edit")
            let refused = try root.post("/admin/accounts/222222222222/delete", [("csrf", csrf)])
            #expect(refused.status == 409)
            #expect(refused.text.contains("This account cannot be deleted"))
            #expect(try app.database.read { try AccountStore($0).find(id: "222222222222") } != nil)
            #expect(try app.auditEvents("account.delete").isEmpty)
        }
    }
}
