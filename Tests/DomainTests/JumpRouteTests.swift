import Domain
import Testing

/// An account reached by switching role from a jump account: the route's own rules, and the rules it
/// must keep among the other accounts (the jump account exists and is signed in to directly).
struct JumpRouteTests {
    static let jump = Account(id: "100000000000", name: "jump", email: "aws+jump@example.com")

    private func member(via route: JumpRoute?) -> Account {
        Account(id: "200000000000", name: "member", email: "aws+member@example.com", reachedThrough: route)
    }

    @Test func acceptsARouteByRoleOrByPermissionSet() {
        #expect(member(via: JumpRoute(accountID: "100000000000", roleName: "PorticoJump")).validate() == [])
        #expect(member(via: JumpRoute(accountID: "100000000000")).validate() == [])
    }

    @Test func theJumpRoleIsTheNamedRoleOrTheLaunchedOne() {
        #expect(JumpRoute(accountID: "100000000000", roleName: "Jump").jumpRoleName(forRoleName: "ReadOnly") == "Jump")
        #expect(JumpRoute(accountID: "100000000000").jumpRoleName(forRoleName: "ReadOnly") == "ReadOnly")
    }

    @Test(arguments: [
        (JumpRoute(accountID: "1000"), [FieldError("via.account", "must be exactly 12 digits")]),
        (
            JumpRoute(accountID: "200000000000"),
            [FieldError("via.account", "must be another account: an account cannot be reached through itself")]
        ),
        (
            JumpRoute(accountID: "100000000000", roleName: "team/Jump"),
            [FieldError("via.role", "must be an IAM role name of 1 to 64 letters, digits or +=,.@_-")]
        ),
        (
            JumpRoute(accountID: "100000000000", roleName: ""),
            [FieldError("via.role", "must be an IAM role name of 1 to 64 letters, digits or +=,.@_-")]
        ),
        (
            JumpRoute(accountID: "100000000000", roleName: String(repeating: "r", count: 65)),
            [FieldError("via.role", "must be an IAM role name of 1 to 64 letters, digits or +=,.@_-")]
        ),
    ])
    func refusesAMalformedRoute(route: JumpRoute, errors: [FieldError]) {
        #expect(member(via: route).validate() == errors)
    }

    @Test func theJumpAccountMustExist() {
        let problems = JumpRoute.problems(of: member(via: JumpRoute(accountID: "100000000000")), find: { _ in nil }, reachedThrough: [])
        #expect(problems == [FieldError("via.account", "names no account in Portico; add the jump account first")])
    }

    @Test func theJumpAccountMustBeSignedInToDirectly() {
        var chained = Self.jump
        chained.reachedThrough = JumpRoute(accountID: "300000000000")
        let problems = JumpRoute.problems(
            of: member(via: JumpRoute(accountID: "100000000000")), find: { $0 == chained.id ? chained : nil }, reachedThrough: [])
        #expect(
            problems == [
                FieldError(
                    "via.account", "is itself reached through 300000000000; a jump account must be one people sign in to directly")
            ])
    }

    /// The other half of "one hop": an account others are reached through cannot itself be reached through one.
    @Test func aJumpAccountCannotBecomeReachedThroughAnother() {
        let find: (String) -> Account? = { $0 == Self.jump.id ? Self.jump : nil }
        let one = JumpRoute.problems(
            of: member(via: JumpRoute(accountID: "100000000000")), find: find, reachedThrough: ["300000000000"])
        #expect(
            one == [
                FieldError("via.account", "cannot be set: 300000000000 is reached through this account, which must stay a jump account")
            ])
        let many = JumpRoute.problems(
            of: member(via: JumpRoute(accountID: "100000000000")), find: find,
            reachedThrough: ["300000000004", "300000000001", "300000000003", "300000000002"])
        #expect(
            many.map(\.reason) == [
                "cannot be set: 300000000001, 300000000002, 300000000003 and 1 more are reached through this account, which must stay a jump account"
            ])
        #expect(JumpRoute.problems(of: member(via: JumpRoute(accountID: "100000000000")), find: find, reachedThrough: []) == [])
        #expect(JumpRoute.problems(of: member(via: nil), find: find, reachedThrough: ["300000000000"]) == [])
    }
}
