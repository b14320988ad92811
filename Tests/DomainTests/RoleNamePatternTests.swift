import Domain
import Testing

struct RoleNamePatternTests {
    @Test func theDefaultNamesTheRoleLikeThePermissionSet() {
        let pattern = RoleNamePattern.default
        #expect(pattern.description == "{permission_set}")
        #expect(pattern.roleName(for: "AdministratorAccess") == "AdministratorAccess")
        #expect(pattern.permissionSetName(forRoleName: "AdministratorAccess") == "AdministratorAccess")
        #expect(RoleNamePattern("{permission_set}") == .default)
    }

    @Test(arguments: [
        ("Portico-{permission_set}", "ReadOnly", "Portico-ReadOnly"),
        ("{permission_set}-portico", "ReadOnly", "ReadOnly-portico"),
        ("sso.{permission_set}@prod", "Billing", "sso.Billing@prod"),
    ])
    func mapsBothWays(text: String, permissionSet: String, roleName: String) throws {
        let pattern = try #require(RoleNamePattern(text))
        #expect(pattern.description == text)
        #expect(pattern.roleName(for: permissionSet) == roleName)
        #expect(pattern.permissionSetName(forRoleName: roleName) == permissionSet)
    }

    @Test(arguments: [
        ("Portico-{permission_set}", "ReadOnly"),  // lacks the prefix
        ("Portico-{permission_set}", "Portico-"),  // nothing for the placeholder
        ("Portico-{permission_set}", "portico-ReadOnly"),  // the literal part is matched exactly
        ("{permission_set}", ""),
        ("{permission_set}", "Has Space"),
        ("{permission_set}", "A/B"),
        ("{permission_set}", String(repeating: "x", count: 33)),  // longer than any permission set name
    ])
    func findsNoPermissionSetForOtherRoles(text: String, roleName: String) throws {
        let pattern = try #require(RoleNamePattern(text))
        #expect(pattern.permissionSetName(forRoleName: roleName) == nil)
    }

    @Test(arguments: [
        ("", "must contain {permission_set} exactly once"),
        ("Portico", "must contain {permission_set} exactly once"),
        ("{permission_set}{permission_set}", "must contain {permission_set} exactly once"),
        ("{permission-set}", "must contain {permission_set} exactly once"),
        ("Portico/{permission_set}", "may add only letters, digits and +=,.@_- around {permission_set}"),
        ("Portico {permission_set}", "may add only letters, digits and +=,.@_- around {permission_set}"),
        ("{account}-{permission_set}", "may add only letters, digits and +=,.@_- around {permission_set}"),
        (String(repeating: "p", count: 33) + "{permission_set}", "may add at most 32 characters, so role names stay within IAM's 64"),
    ])
    func refusesUnusablePatterns(text: String, reason: String) {
        #expect(RoleNamePattern.problem(text) == reason)
        #expect(RoleNamePattern(text) == nil)
    }

    @Test func theLongestNamesStayWithinIAMsLimit() throws {
        let pattern = try #require(RoleNamePattern(String(repeating: "p", count: 32) + "{permission_set}"))
        #expect(pattern.roleName(for: String(repeating: "n", count: 32)).count == RoleNamePattern.maximumRoleNameLength)
    }
}
