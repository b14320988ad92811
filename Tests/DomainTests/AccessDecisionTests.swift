import Domain
import Testing

struct AccessDecisionTests {
    let alice = User(email: "alice@example.com", displayName: "Alice")
    let admins = "group-admins"
    let account = "111111111111"
    let admin = "ps-admin"

    @Test func grantsADirectAssignment() {
        let assignments = [Assignment(principal: .user(alice.id), accountID: account, permissionSetID: admin)]
        #expect(AccessDecision.mayUse(alice, groupIDs: [], assignments: assignments, accountID: account, permissionSetID: admin))
    }

    @Test func grantsThroughAGroupOnlyToMembers() {
        let assignments = [Assignment(principal: .group(admins), accountID: account, permissionSetID: admin)]
        #expect(AccessDecision.mayUse(alice, groupIDs: [admins], assignments: assignments, accountID: account, permissionSetID: admin))
        #expect(!AccessDecision.mayUse(alice, groupIDs: ["other"], assignments: assignments, accountID: account, permissionSetID: admin))
    }

    @Test func refusesADisabledUserEvenWithAnAssignment() {
        var disabled = alice
        disabled.status = .disabled
        let assignments = [Assignment(principal: .user(alice.id), accountID: account, permissionSetID: admin)]
        #expect(!AccessDecision.mayUse(disabled, groupIDs: [], assignments: assignments, accountID: account, permissionSetID: admin))
    }

    @Test func refusesOtherAccountsAndPermissionSets() {
        let assignments = [Assignment(principal: .user(alice.id), accountID: account, permissionSetID: admin)]
        #expect(!AccessDecision.mayUse(alice, groupIDs: [], assignments: assignments, accountID: "222222222222", permissionSetID: admin))
        #expect(!AccessDecision.mayUse(alice, groupIDs: [], assignments: assignments, accountID: account, permissionSetID: "ps-read"))
        #expect(!AccessDecision.mayUse(alice, groupIDs: [], assignments: [], accountID: account, permissionSetID: admin))
    }

    @Test func principalsRoundTripThroughTheirStoredForm() {
        #expect(Principal(type: "user", id: "u") == .user("u"))
        #expect(Principal(type: "group", id: "g")?.type == "group")
        #expect(Principal(type: "role", id: "r") == nil)
    }
}
