import Domain
import SQLite
import Storage
import Testing

/// The portal's one query, favorites and recent launches, on a real database.
struct PortalStoreTests {
    let db: TestDatabase
    let alice = User(email: "alice@example.com", displayName: "Alice")
    let bob = User(email: "bob@example.com", displayName: "Bob")
    let root = User(email: "root@example.com", displayName: "Root Admin", isAdmin: true)
    let platform = Group(name: "platform")
    // Names chosen so that case-insensitive order differs from byte order.
    let prod = Account(id: "111111111111", name: "app-prod", email: "aws+prod@example.com", ouPath: "root/app/prod", environment: "prod")
    let dev = Account(id: "222222222222", name: "App-dev", email: "aws+dev@example.com", ouPath: "root/app/dev", environment: "dev")
    let billing = Account(id: "333333333333", name: "billing", email: "aws+billing@example.com")
    let admin = PermissionSet(name: "AdministratorAccess", description: "Full access", sessionDuration: ISODuration(seconds: 7_200))
    let readOnly = PermissionSet(name: "ReadOnlyAccess")

    init() throws {
        db = try TestDatabase()
        try db.write { [self] db in
            for user in [alice, bob, root] { try UserStore(db).create(user) }
            try GroupStore(db).create(platform)
            _ = try GroupStore(db).addMembers(groupID: platform.id, userIDs: [alice.id])
            for account in [prod, dev, billing] { try AccountStore(db).create(account) }
            for set in [admin, readOnly] { try PermissionSetStore(db).create(set) }
            let assignments = AssignmentStore(db)
            // Alice: prod/admin directly and through the group, dev/read-only through the group.
            try assignments.create(Assignment(principal: .user(alice.id), accountID: prod.id, permissionSetID: admin.id))
            try assignments.create(Assignment(principal: .group(platform.id), accountID: prod.id, permissionSetID: admin.id))
            try assignments.create(Assignment(principal: .group(platform.id), accountID: dev.id, permissionSetID: readOnly.id))
            // Bob: billing only.
            try assignments.create(Assignment(principal: .user(bob.id), accountID: billing.id, permissionSetID: readOnly.id))
        }
    }

    private func roles(_ user: User) throws -> [PortalRole] {
        try db.read { try PortalStore($0).roles(for: user.id) }
    }

    private func pairs(_ roles: [PortalRole]) -> [String] {
        roles.map { "\($0.accountName)/\($0.permissionSetName)" }
    }

    @Test func listsEachHeldPairOnceWithItsAccountAndPermissionSetSortedByAccountName() throws {
        let aliceRoles = try roles(alice)
        #expect(pairs(aliceRoles) == ["App-dev/ReadOnlyAccess", "app-prod/AdministratorAccess"])
        let prodAdmin = try #require(aliceRoles.last)
        #expect(prodAdmin.accountID == prod.id && prodAdmin.accountEmail == prod.email)
        #expect(prodAdmin.ouPath == "root/app/prod" && prodAdmin.environment == "prod")
        #expect(prodAdmin.permissionSetID == admin.id && prodAdmin.permissionSetDescription == "Full access")
        #expect(prodAdmin.sessionDurationSeconds == 7_200)
        #expect(!prodAdmin.isFavorite && prodAdmin.lastUsedAt == nil && prodAdmin.recentOrder == nil)
        #expect(pairs(try roles(bob)) == ["billing/ReadOnlyAccess"])
        #expect(try roles(root).isEmpty)
    }

    @Test func aDisabledUserHoldsNothing() throws {
        var disabled = alice
        disabled.status = .disabled
        try db.write { try UserStore($0).update(disabled) }
        #expect(try roles(alice).isEmpty)
        #expect(try !db.read { try PortalStore($0).holds(userID: alice.id, accountID: prod.id, permissionSetID: admin.id) })
    }

    @Test func holdsFollowsDirectAndGroupAssignments() throws {
        func holds(_ user: User, _ account: Account, _ set: PermissionSet) throws -> Bool {
            try db.read { try PortalStore($0).holds(userID: user.id, accountID: account.id, permissionSetID: set.id) }
        }
        #expect(try holds(alice, prod, admin))
        #expect(try holds(alice, dev, readOnly))
        #expect(try !holds(alice, dev, admin))
        #expect(try !holds(alice, billing, readOnly))
        #expect(try holds(bob, billing, readOnly))
        #expect(try !holds(bob, prod, admin))
    }

    @Test func favoritesBelongToOneUserAndHideWhileTheRoleIsNotHeld() throws {
        let starred = try db.write {
            try PortalStore($0).setFavorite(true, userID: alice.id, accountID: dev.id, permissionSetID: readOnly.id, at: 100)
        }
        #expect(starred)
        // Starring again changes nothing.
        #expect(
            try !db.write {
                try PortalStore($0).setFavorite(true, userID: alice.id, accountID: dev.id, permissionSetID: readOnly.id, at: 101)
            })
        #expect(try roles(alice).filter(\.isFavorite).map(\.accountID) == [dev.id])
        #expect(try roles(bob).allSatisfy { !$0.isFavorite })

        // Leaving the group removes the role and its star from the page; rejoining brings both back.
        _ = try db.write { try GroupStore($0).removeMembers(groupID: platform.id, userIDs: [alice.id]) }
        #expect(pairs(try roles(alice)) == ["app-prod/AdministratorAccess"])
        #expect(try roles(alice).allSatisfy { !$0.isFavorite })
        _ = try db.write { try GroupStore($0).addMembers(groupID: platform.id, userIDs: [alice.id]) }
        #expect(try roles(alice).filter(\.isFavorite).map(\.accountID) == [dev.id])

        #expect(
            try db.write {
                try PortalStore($0).setFavorite(false, userID: alice.id, accountID: dev.id, permissionSetID: readOnly.id, at: 102)
            })
        #expect(try roles(alice).allSatisfy { !$0.isFavorite })
    }

    @Test func deletingAnAccountDeletesItsFavoritesAndLaunches() throws {
        try db.write { db in
            try PortalStore(db).setFavorite(true, userID: bob.id, accountID: billing.id, permissionSetID: readOnly.id, at: 100)
            try PortalStore(db).recordLaunch(userID: bob.id, accountID: billing.id, permissionSetID: readOnly.id, at: 100)
            try AccountStore(db).delete(id: billing.id)
        }
        let counts: [Int] = try db.read { db in
            [try db.scalar("SELECT count(*) FROM favorite_roles"), try db.scalar("SELECT count(*) FROM recent_roles")]
        }
        #expect(counts == [0, 0])
    }

    @Test func recentLaunchesAreOrderedByLaunchEvenWithinOneSecond() throws {
        try db.write { db in
            let store = PortalStore(db)
            try store.recordLaunch(userID: alice.id, accountID: prod.id, permissionSetID: admin.id, at: 1_000)
            try store.recordLaunch(userID: alice.id, accountID: dev.id, permissionSetID: readOnly.id, at: 1_000)
        }
        func recent() throws -> [String] {
            try roles(alice).filter { $0.recentOrder != nil }.sorted { $0.recentOrder! > $1.recentOrder! }.map(\.accountName)
        }
        #expect(try recent() == ["App-dev", "app-prod"])
        try db.write { try PortalStore($0).recordLaunch(userID: alice.id, accountID: prod.id, permissionSetID: admin.id, at: 1_000) }
        #expect(try recent() == ["app-prod", "App-dev"])
        #expect(try roles(alice).first { $0.accountID == prod.id }?.lastUsedAt == 1_000)
        // Bob's page knows nothing of Alice's launches.
        #expect(try roles(bob).allSatisfy { $0.recentOrder == nil })
    }

    @Test func keepsOnlyTheLastTenLaunchesPerUser() throws {
        let accounts = (0..<12).map { Account(id: String(500_000_000_000 + $0), name: "extra-\($0)", email: "aws+\($0)@example.com") }
        try db.write { db in
            for account in accounts {
                try AccountStore(db).create(account)
                try AssignmentStore(db).create(Assignment(principal: .user(bob.id), accountID: account.id, permissionSetID: admin.id))
            }
            try PortalStore(db).recordLaunch(userID: alice.id, accountID: prod.id, permissionSetID: admin.id, at: 1)
            for (index, account) in accounts.enumerated() {
                try PortalStore(db).recordLaunch(userID: bob.id, accountID: account.id, permissionSetID: admin.id, at: 10 + index)
            }
        }
        let recent = try roles(bob).filter { $0.lastUsedAt != nil }.sorted { $0.recentOrder! > $1.recentOrder! }
        #expect(recent.map(\.accountName) == (2..<12).reversed().map { "extra-\($0)" })
        #expect(recent.count == PortalStore.recentLimit)
        // Another user's launches are not trimmed by Bob's.
        #expect(try roles(alice).contains { $0.lastUsedAt == 1 })
    }

    @Test func administratorsAreTheActiveAdmins() throws {
        var former = User(email: "former@example.com", displayName: "Former Admin", isAdmin: true)
        former.status = .disabled
        try db.write { try UserStore($0).create(former) }
        #expect(try db.read { try PortalStore($0).administrators() }.map(\.email) == ["root@example.com"])
    }

    /// The portal caches a user's page per generation, so every change to what it shows must move it,
    /// including changes that cascade, and the busy writes sign-in makes (sessions, audit) must not.
    @Test func theGenerationMovesWithEveryChangeToWhatThePortalShows() throws {
        func generation() throws -> Int { try db.read { try PortalStore($0).generation(for: alice.id).shared } }
        var last = try generation()
        func expectMoved(_ change: String, _ write: (Connection) throws -> Void) throws {
            try db.write(write)
            let now = try generation()
            #expect(now > last, "\(change) did not move the generation")
            last = now
        }
        try expectMoved("an assignment") {
            try AssignmentStore($0).create(Assignment(principal: .user(alice.id), accountID: billing.id, permissionSetID: admin.id))
        }
        try expectMoved("a membership") { _ = try GroupStore($0).removeMembers(groupID: platform.id, userIDs: [alice.id]) }
        try expectMoved("an account's name") {
            var renamed = billing
            renamed.name = "billing-renamed"
            try AccountStore($0).update(renamed)
        }
        try expectMoved("a permission set's description") {
            var described = readOnly
            described.description = "Read every service"
            try PermissionSetStore($0).update(described)
        }
        try expectMoved("disabling a user") {
            var disabled = bob
            disabled.status = .disabled
            try UserStore($0).update(disabled)
        }
        try expectMoved("a setting") { try SettingsStore($0).setMFAMode(.always, now: 3) }
        try expectMoved("deleting a group (its memberships and assignments cascade)") { try GroupStore($0).delete(id: platform.id) }

        try db.write { db in
            _ = try SessionStore(db).create(
                userID: alice.id, tokenHash: String(repeating: "a", count: 64), createdAt: 10, lifetimeSeconds: 60, ip: "127.0.0.1",
                userAgent: "test", authMethod: .password)
            _ = try AuditStore(db).append(AuditEvent(time: "2026-11-22T00:00:00Z", actor: "alice@example.com", action: "auth.signin"))
        }
        #expect(try generation() == last)
    }

    /// Stars and launches are one person's: they move that person's generation only, so the portal keeps
    /// everyone else's cached page.
    @Test func starsAndLaunchesMoveOnlyTheirOwnersPersonalGeneration() throws {
        func generations() throws -> (alice: PortalGeneration, bob: PortalGeneration) {
            try db.read { (try PortalStore($0).generation(for: alice.id), try PortalStore($0).generation(for: bob.id)) }
        }
        var last = try generations()
        func expectPersonal(_ change: String, _ write: (Connection) throws -> Void) throws {
            try db.write(write)
            let now = try generations()
            #expect(now.alice.personal > last.alice.personal, "\(change) did not move alice's generation")
            #expect(now.alice.shared == last.alice.shared, "\(change) moved everyone's generation")
            #expect(now.bob == last.bob, "\(change) moved bob's generation")
            last = now
        }
        try expectPersonal("a star") {
            try PortalStore($0).setFavorite(true, userID: alice.id, accountID: prod.id, permissionSetID: admin.id, at: 1)
        }
        try expectPersonal("a launch") {
            try PortalStore($0).recordLaunch(userID: alice.id, accountID: prod.id, permissionSetID: admin.id, at: 2)
        }
        try expectPersonal("a second launch of the same role") {
            try PortalStore($0).recordLaunch(userID: alice.id, accountID: prod.id, permissionSetID: admin.id, at: 3)
        }
        try expectPersonal("an unstar") {
            try PortalStore($0).setFavorite(false, userID: alice.id, accountID: prod.id, permissionSetID: admin.id, at: 4)
        }
        // Deleting a user cascades to their stars; the counter has no foreign key, so the delete goes through.
        _ = try db.write { try PortalStore($0).setFavorite(true, userID: bob.id, accountID: prod.id, permissionSetID: admin.id, at: 5) }
        try db.write { try UserStore($0).delete(id: bob.id) }
        #expect(try db.read { try UserStore($0).find(id: bob.id) } == nil)
    }

    @Test func readsEveryTableThroughAnIndex() throws {
        let large = try TestDatabase()
        let scale = DirectoryFixture.Scale(
            accounts: 300, users: 500, groups: 60, permissionSets: 10, assignments: 5_000, groupsOfMeasuredUser: 20, groupsPerUser: 3)
        let fixture = try large.write { try DirectoryFixture.generate(scale, in: $0) }
        let (plan, roles, access) = try large.read { db in
            (
                try PortalStore(db).rolesPlan(for: fixture.measuredUserID), try PortalStore(db).roles(for: fixture.measuredUserID),
                try AssignmentStore(db).effectiveAccess(for: fixture.measuredUserID)
            )
        }
        // The same pairs as the effective-access query, in the same order.
        #expect(roles.map { "\($0.accountID)/\($0.permissionSetID)" } == access.map { "\($0.accountID)/\($0.permissionSetID)" })
        #expect(!roles.isEmpty)
        let scans = plan.filter { $0.hasPrefix("SCAN") && !$0.hasPrefix("SCAN grants") && !$0.contains("CONSTANT ROW") }
        #expect(scans == [], "\(plan)")
        #expect(plan.contains("SEARCH m USING COVERING INDEX group_members_user (user_id=?)"), "\(plan)")
        let assignmentSteps = plan.filter { $0.contains("sqlite_autoindex_assignments_1") }
        #expect(assignmentSteps.count == 2 && assignmentSteps.allSatisfy { $0.contains("principal_type=? AND principal_id=?") }, "\(plan)")
        for table in ["accounts", "permission_sets", "favorite_roles", "recent_roles"] {
            #expect(plan.contains { $0.hasPrefix("SEARCH \(table) USING") }, "\(table): \(plan)")
        }
    }
}
