import Domain
import Testing

struct GroupAndAccountValidationTests {
    @Test func acceptsATypicalGroup() {
        #expect(Group(name: "aws-admins", description: "Platform team").validate() == [])
        #expect(Group(name: "プロジェクトA開発者").validate() == [])
    }

    @Test func rejectsBadGroupFields() {
        let group = Group(id: "x", name: "", description: String(repeating: "d", count: 1025))
        #expect(
            group.validate() == [
                FieldError("id", "must be a lowercase UUID"), FieldError("name", "must not be empty"),
                FieldError("description", "must be at most 1024 characters"),
            ])
        #expect(Group(name: String(repeating: "n", count: 129)).validate() == [FieldError("name", "must be at most 128 characters")])
    }

    private func account(_ change: (inout Account) -> Void = { _ in }) -> Account {
        var account = Account(
            id: "012345678901", name: "app-prod", email: "aws+app-prod@example.com", ouPath: "root/service/app/prod", environment: "prod")
        change(&account)
        return account
    }

    @Test func acceptsATypicalAccount() {
        #expect(account().validate() == [])
        #expect(account { $0.ouPath = "root" }.validate() == [])
    }

    @Test(arguments: ["", "12345678901", "1234567890123", "12345678901a", "１２３４５６７８９０１２", " 12345678901"])
    func rejectsAccountIDsThatAreNotTwelveDigits(id: String) {
        #expect(account { $0.id = id }.validate() == [FieldError("id", "must be exactly 12 digits")])
    }

    @Test(arguments: [
        ("service/app", "must start with root, as in root/service/app/prod"), ("", "must start with root, as in root/service/app/prod"),
        ("root/", "must not have empty parts between slashes"), ("root//app", "must not have empty parts between slashes"),
        ("root/a\tb", "must not contain control characters"),
    ])
    func rejectsBadOUPaths(path: String, reason: String) {
        #expect(account { $0.ouPath = path }.validate() == [FieldError("ou", reason)])
    }

    @Test func rejectsOtherBadAccountFields() {
        let invalid = account {
            $0.name = String(repeating: "n", count: 51)
            $0.email = "nobody"
            $0.environment = String(repeating: "e", count: 33)
            $0.owners = ["u1", "u1"]
        }
        #expect(
            invalid.validate() == [
                FieldError("name", "must be at most 50 characters"), FieldError("email", "must contain exactly one @"),
                FieldError("environment", "must be at most 32 characters"), FieldError("owners", "must not list a user twice"),
            ])
    }
}
