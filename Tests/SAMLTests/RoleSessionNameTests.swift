import SAML
import Testing

struct RoleSessionNameTests {
    @Test(arguments: [
        ("ada@example.com", "ada@example.com"),
        ("first.last+aws=1,x@example-corp.io", "first.last+aws=1,x@example-corp.io"),
        ("ada lovelace@example.com", "ada_lovelace@example.com"),
        ("jörg@example.de", "j_rg@example.de"),
        ("jo\u{308}rg@example.de", "j_rg@example.de"),
        ("名前@example.jp", "__@example.jp"),
        ("👩🏽‍💻@example.com", "_@example.com"),
        ("a/b\\c:d;e<f>", "a_b_c_d_e_f_"),
        ("a", "a_"),
        ("", "__"),
        ("é", "__"),
    ])
    func fitsNamesToTheSTSPattern(input: String, expected: String) {
        #expect(RoleSessionName.fitting(input) == expected)
    }

    @Test func truncatesLongEmailsTo64Characters() {
        let email = String(repeating: "a", count: 70) + "@example.com"
        #expect(RoleSessionName.fitting(email) == String(repeating: "a", count: 64))
        let exact = String(repeating: "b", count: 52) + "@example.com"
        #expect(RoleSessionName.fitting(exact) == exact)
    }

    @Test func everyResultMatchesTheSTSPattern() {
        let allowed = Set("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789_+=,.@-")
        for input in ["", "x", "ä ö ü", String(repeating: "ß", count: 200), "\u{0}\u{1}", "ok@example.com"] {
            let name = RoleSessionName.fitting(input)
            #expect((2...64).contains(name.count))
            #expect(name.allSatisfy { allowed.contains($0) })
        }
    }
}
