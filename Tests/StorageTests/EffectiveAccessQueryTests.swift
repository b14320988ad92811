import Domain
import SQLite
import Storage
import Testing

struct EffectiveAccessQueryTests {
    @Test func agreesWithTheAccessDecisionAndReadsOnlyThroughIndexes() throws {
        let db = try TestDatabase()
        let scale = DirectoryFixture.Scale(
            accounts: 50, users: 200, groups: 30, permissionSets: 5, assignments: 2_000, groupsOfMeasuredUser: 20, groupsPerUser: 2)
        let fixture = try db.write { try DirectoryFixture.generate(scale, in: $0) }
        let userID = fixture.measuredUserID

        let (access, plan, groupIDs, user) = try db.read { db in
            (
                try AssignmentStore(db).effectiveAccess(for: userID), try AssignmentStore(db).effectiveAccessPlan(for: userID),
                Set(try GroupStore(db).groups(ofUser: userID).map(\.id)), try UserStore(db).find(id: userID)!
            )
        }
        #expect(groupIDs.count == 20)

        // The query returns exactly the pairs the pure rule grants, with the same provenance.
        let granting = fixture.assignments.filter { AccessDecision.grants($0, to: user, groupIDs: groupIDs) }
        let expectedPairs = Set(granting.map { "\($0.accountID)/\($0.permissionSetID)" })
        #expect(Set(access.map { "\($0.accountID)/\($0.permissionSetID)" }) == expectedPairs)
        #expect(access.count == expectedPairs.count)
        for entry in access {
            let reasons = granting.filter { $0.accountID == entry.accountID && $0.permissionSetID == entry.permissionSetID }
            #expect(entry.isDirect == reasons.contains { $0.principal == .user(userID) })
            #expect(entry.groupNames.count == reasons.filter { $0.principal != .user(userID) }.count)
        }
        // Spot-check the decision itself on every granted pair and on pairs never granted.
        for entry in access.prefix(20) {
            #expect(
                try db.read {
                    try AssignmentStore($0).mayUse(userID: userID, accountID: entry.accountID, permissionSetName: entry.permissionSetName)
                })
        }

        // Every table is reached through an index: no full scan of users, groups, members or assignments.
        let scans = plan.filter { $0.hasPrefix("SCAN") && !$0.hasPrefix("SCAN grants") && !$0.contains("CONSTANT ROW") }
        #expect(scans == [], "\(plan)")
        #expect(plan.contains("SEARCH m USING COVERING INDEX group_members_user (user_id=?)"), "\(plan)")
        // Assignments are only ever read by principal, never by type alone (which would read most of the table).
        let assignmentSteps = plan.filter { $0.contains("sqlite_autoindex_assignments_1") }
        #expect(assignmentSteps.count == 2, "\(plan)")
        #expect(assignmentSteps.allSatisfy { $0.contains("principal_type=? AND principal_id=?") }, "\(plan)")

        let decisionPlan = try db.read {
            try AssignmentStore($0).mayUsePlan(userID: userID, accountID: "100000000000", permissionSetName: "Role0")
        }
        #expect(decisionPlan.filter { $0.hasPrefix("SCAN") && $0 != "SCAN CONSTANT ROW" } == [], "\(decisionPlan)")
        #expect(decisionPlan.filter { $0.contains("assignments") }.allSatisfy { $0.contains("principal_id=?") }, "\(decisionPlan)")
    }
}
