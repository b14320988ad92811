import Domain
import SQLite
import Storage
import Testing

struct AssignmentStoreTests {
    let db: TestDatabase
    let alice = User(email: "alice@example.com", displayName: "Alice")
    let admins = Group(name: "aws-admins")
    let developers = Group(name: "project-a-developers")
    let prod = Account(id: "111111111111", name: "app-prod", email: "aws+prod@example.com", ouPath: "root/service/app/prod")
    let dev = Account(id: "222222222222", name: "app-dev", email: "aws+dev@example.com", ouPath: "root/service/app/dev")
    let admin = PermissionSet(name: "AdministratorAccess")
    let readOnly = PermissionSet(name: "ReadOnlyAccess")

    init() throws {
        db = try TestDatabase()
        try db.write { [self] db in
            try UserStore(db).create(alice)
            try GroupStore(db).create(admins)
            try GroupStore(db).create(developers)
            try AccountStore(db).create(prod)
            try AccountStore(db).create(dev)
            try PermissionSetStore(db).create(admin)
            try PermissionSetStore(db).create(readOnly)
        }
    }

    private func mayUse(_ account: Account, _ set: PermissionSet) throws -> Bool {
        try db.read { try AssignmentStore($0).mayUse(userID: alice.id, accountID: account.id, permissionSetName: set.name) }
    }

    @Test func grantsADirectAssignmentUntilItIsRemoved() throws {
        let direct = Assignment(principal: .user(alice.id), accountID: prod.id, permissionSetID: admin.id)
        #expect(try !mayUse(prod, admin))
        try db.write { try AssignmentStore($0).create(direct) }
        #expect(try mayUse(prod, admin))
        #expect(try !mayUse(prod, readOnly))
        #expect(try !mayUse(dev, admin))
        try db.write { try AssignmentStore($0).delete(direct) }
        #expect(try !mayUse(prod, admin))
        #expect(throws: StoreError.notFound) { try db.write { try AssignmentStore($0).delete(direct) } }
    }

    @Test func grantsThroughAGroupUntilTheMembershipIsRemoved() throws {
        try db.write { db in
            try AssignmentStore(db).create(Assignment(principal: .group(admins.id), accountID: prod.id, permissionSetID: admin.id))
            #expect(try GroupStore(db).addMembers(groupID: admins.id, userIDs: [alice.id]) == 1)
        }
        #expect(try mayUse(prod, admin))
        #expect(try !mayUse(dev, admin))
        _ = try db.write { try GroupStore($0).removeMembers(groupID: admins.id, userIDs: [alice.id]) }
        #expect(try !mayUse(prod, admin))
    }

    @Test func refusesADisabledUser() throws {
        try db.write {
            try AssignmentStore($0).create(Assignment(principal: .user(alice.id), accountID: prod.id, permissionSetID: admin.id))
        }
        var disabled = alice
        disabled.status = .disabled
        try db.write { try UserStore($0).update(disabled) }
        #expect(try !mayUse(prod, admin))
        #expect(try db.read { try AssignmentStore($0).effectiveAccess(for: alice.id) } == [])
        #expect(try !db.read { try AssignmentStore($0).mayUse(userID: "nobody", accountID: prod.id, permissionSetName: admin.name) })
    }

    @Test func reportsEffectiveAccessWithProvenance() throws {
        try db.write { db in
            _ = try GroupStore(db).addMembers(groupID: admins.id, userIDs: [alice.id])
            _ = try GroupStore(db).addMembers(groupID: developers.id, userIDs: [alice.id])
            let created = try AssignmentStore(db).create([
                Assignment(principal: .user(alice.id), accountID: prod.id, permissionSetID: admin.id),
                Assignment(principal: .group(admins.id), accountID: prod.id, permissionSetID: admin.id),
                Assignment(principal: .group(developers.id), accountID: prod.id, permissionSetID: admin.id),
                Assignment(principal: .group(developers.id), accountID: dev.id, permissionSetID: readOnly.id),
                Assignment(principal: .group(developers.id), accountID: dev.id, permissionSetID: readOnly.id),
            ])
            #expect(created == 4)
        }
        let access = try db.read { try AssignmentStore($0).effectiveAccess(for: alice.id) }
        #expect(
            access == [
                EffectiveAccess(
                    accountID: dev.id, accountName: "app-dev", permissionSetID: readOnly.id, permissionSetName: "ReadOnlyAccess",
                    isDirect: false, groupNames: ["project-a-developers"]),
                EffectiveAccess(
                    accountID: prod.id, accountName: "app-prod", permissionSetID: admin.id, permissionSetName: "AdministratorAccess",
                    isDirect: true, groupNames: ["aws-admins", "project-a-developers"]),
            ])
    }

    @Test func refusesDuplicatesAndMissingReferences() throws {
        let direct = Assignment(principal: .user(alice.id), accountID: prod.id, permissionSetID: admin.id)
        try db.write { try AssignmentStore($0).create(direct) }
        #expect(throws: StoreError.duplicate(field: "assignment")) { try db.write { try AssignmentStore($0).create(direct) } }
        #expect(throws: StoreError.missingReference(field: "group", value: "ghost")) {
            try db.write {
                try AssignmentStore($0).create(Assignment(principal: .group("ghost"), accountID: prod.id, permissionSetID: admin.id))
            }
        }
        #expect(throws: StoreError.missingReference(field: "account", value: "999999999999")) {
            try db.write {
                try AssignmentStore($0).create(Assignment(principal: .user(alice.id), accountID: "999999999999", permissionSetID: admin.id))
            }
        }
        #expect(throws: StoreError.missingReference(field: "permission_set", value: "ghost")) {
            try db.write {
                try AssignmentStore($0).create(Assignment(principal: .user(alice.id), accountID: prod.id, permissionSetID: "ghost"))
            }
        }
    }

    @Test func listsByPrincipalAccountAndPermissionSet() throws {
        try db.write { db in
            _ = try AssignmentStore(db).create([
                Assignment(principal: .user(alice.id), accountID: prod.id, permissionSetID: admin.id),
                Assignment(principal: .group(admins.id), accountID: prod.id, permissionSetID: readOnly.id),
                Assignment(principal: .group(admins.id), accountID: dev.id, permissionSetID: readOnly.id),
            ])
        }
        let store = { (filter: AssignmentStore.Filter) in try self.db.read { try AssignmentStore($0).list(filter) } }
        #expect(try store(.init()).total == 3)
        #expect(try store(.init(principal: .group(admins.id))).items.map(\.accountID) == [prod.id, dev.id])
        #expect(try store(.init(accountID: prod.id)).total == 2)
        #expect(
            try store(.init(permissionSetID: admin.id)).items == [
                Assignment(principal: .user(alice.id), accountID: prod.id, permissionSetID: admin.id)
            ])
        let paged = try db.read { try AssignmentStore($0).list(limit: 1, offset: 2) }
        #expect(paged.items.count == 1)
        #expect(paged.total == 3)
    }

    @Test func deletingParentsRemovesTheirMembershipsAndAssignments() throws {
        try db.write { db in
            _ = try GroupStore(db).addMembers(groupID: admins.id, userIDs: [alice.id])
            _ = try AssignmentStore(db).create([
                Assignment(principal: .user(alice.id), accountID: dev.id, permissionSetID: readOnly.id),
                Assignment(principal: .group(admins.id), accountID: prod.id, permissionSetID: admin.id),
                Assignment(principal: .group(developers.id), accountID: dev.id, permissionSetID: admin.id),
            ])
        }
        let count = { (table: String) in try self.db.read { try $0.scalar("SELECT count(*) FROM \(table)", as: Int.self) } }
        try db.write { try GroupStore($0).delete(id: admins.id) }
        #expect(try count("group_members") == 0)
        #expect(try count("assignments") == 2)
        try db.write { try PermissionSetStore($0).delete(id: admin.id) }
        #expect(try count("assignments") == 1)
        try db.write { try UserStore($0).delete(id: alice.id) }
        #expect(try count("assignments") == 0)
        _ = try db.write {
            try AssignmentStore($0).create(Assignment(principal: .group(developers.id), accountID: dev.id, permissionSetID: readOnly.id))
        }
        try db.write { try AccountStore($0).delete(id: dev.id) }
        #expect(try count("assignments") == 0)
    }
}
