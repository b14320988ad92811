import Domain
import Testing

struct UserValidationTests {
    private func user(_ change: (inout User) -> Void = { _ in }) -> User {
        var user = User(email: "alice@example.com", displayName: "Alice Liddell", givenName: "Alice", familyName: "Liddell")
        change(&user)
        return user
    }

    @Test func acceptsATypicalUser() {
        #expect(user().validate() == [])
        #expect(
            user {
                $0.displayName = "山田 太郎"; $0.attributes = ["department": "開発", "cost-center": "42"]
            }.validate() == [])
    }

    @Test(arguments: [
        ("", "must not be empty"), ("alice", "must contain exactly one @"), ("a@b@example.com", "must contain exactly one @"),
        ("@example.com", "must have a name before the @"), ("alice@", "must have a domain such as example.com after the @"),
        ("alice@localhost", "must have a domain such as example.com after the @"),
        ("alice@example..com", "must have a domain such as example.com after the @"),
        ("alice@.example.com", "must have a domain such as example.com after the @"),
        ("al ice@example.com", "must not contain spaces or control characters"),
        ("alice@example.com\n", "must not contain spaces or control characters"),
        (String(repeating: "a", count: 243) + "@example.com", "must be at most 254 bytes"),
    ])
    func rejectsBadEmail(email: String, reason: String) {
        #expect(user { $0.email = email }.validate() == [FieldError("email", reason)])
    }

    @Test(arguments: ["a@b.co", "Alice.Liddell+aws@Example.COM", "山田@例え.jp", String(repeating: "a", count: 242) + "@example.com"])
    func acceptsPragmaticEmail(email: String) {
        #expect(EmailAddress.problem(email) == nil)
    }

    @Test func normalizesEmailToLowercase() {
        #expect(EmailAddress.normalized("Alice@Example.COM") == "alice@example.com")
    }

    @Test func reportsEveryFieldWithItsReason() {
        let invalid = user {
            $0.id = "not-a-uuid"
            $0.displayName = " "
            $0.givenName = String(repeating: "x", count: 129)
            $0.familyName = "a\u{7}b"
            $0.externalID = ""
            $0.attributes = ["bad key!": "v", "ok": String(repeating: "v", count: 257)]
        }
        #expect(
            invalid.validate() == [
                FieldError("id", "must be a lowercase UUID"),
                FieldError("display_name", "must not be empty"),
                FieldError("given_name", "must be at most 128 characters"),
                FieldError("family_name", "must not contain control characters"),
                FieldError("external_id", "must not be empty"),
                FieldError("attributes.bad key!", "key must be 1 to 128 letters, digits, spaces or _.:/=+-@"),
                FieldError("attributes.ok", "value must be at most 256 characters without control characters"),
            ])
    }

    @Test func newIdentifiersAreValidAndDistinct() {
        let ids = (0..<100).map { _ in FieldRules.newIdentifier() }
        #expect(ids.allSatisfy(FieldRules.isIdentifier))
        #expect(Set(ids).count == 100)
        #expect(!FieldRules.isIdentifier("6F9619FF-8B86-D011-B42D-00C04FC964FF"))
    }
}

struct FieldLengthTests {
    @Test func countsUnicodeScalarsAsTheDatabaseDoes() {
        // Each flag is one character to Swift but two to SQLite's length().
        let flags = String(repeating: "🇯🇵", count: 129)
        #expect(FieldRules.text(flags, required: true, maximum: 256) == "must be at most 256 characters")
        #expect(FieldRules.text(String(repeating: "あ", count: 256), required: true, maximum: 256) == nil)
    }
}
