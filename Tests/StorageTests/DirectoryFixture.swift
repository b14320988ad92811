import Domain
import SQLite
import Storage

/// A generated organisation of a given size, written through the real stores, for the effective-access
/// query's plan test and for measuring it at the size (1,000 accounts, 5,000 users, 500 groups,
/// 100,000 assignments). Deterministic: the same scale always yields the same directory.
struct DirectoryFixture {
    struct Scale {
        var accounts: Int
        var users: Int
        var groups: Int
        var permissionSets: Int
        var assignments: Int
        /// How many groups the measured user belongs to.
        var groupsOfMeasuredUser: Int
        /// How many groups every other user belongs to.
        var groupsPerUser: Int
    }

    let measuredUserID: String
    let assignments: [Assignment]

    /// Writes the directory in one transaction; about 8 in 10 assignments go to groups, the rest to users.
    static func generate(_ scale: Scale, in db: Connection) throws -> DirectoryFixture {
        var random = SplitMix(seed: 2026)
        let users = (0..<scale.users).map { User(id: uuid($0, kind: 1), email: "user\($0)@example.com", displayName: "User \($0)") }
        let groups = (0..<scale.groups).map { Group(id: uuid($0, kind: 2), name: "group-\($0)") }
        let accounts = (0..<scale.accounts).map { index in
            let id = String(100_000_000_000 + index)
            return Account(
                id: id, name: "account-\(index)", email: "aws+\(index)@example.com", ouPath: "root/service/app\(index % 40)/prod",
                environment: "prod")
        }
        let sets = (0..<scale.permissionSets).map { PermissionSet(id: uuid($0, kind: 3), name: "Role\($0)") }
        for user in users { try UserStore(db).create(user) }
        for group in groups { try GroupStore(db).create(group) }
        for account in accounts { try AccountStore(db).create(account) }
        for set in sets { try PermissionSetStore(db).create(set) }

        for (index, user) in users.enumerated() {
            let count = index == 0 ? scale.groupsOfMeasuredUser : scale.groupsPerUser
            var chosen: Set<Int> = []
            while chosen.count < min(count, groups.count) { chosen.insert(random.next(below: groups.count)) }
            for group in chosen { _ = try GroupStore(db).addMembers(groupID: groups[group].id, userIDs: [user.id]) }
        }

        var created: Set<Assignment> = []
        while created.count < scale.assignments {
            let principal: Principal =
                random.next(below: 10) < 8
                ? .group(groups[random.next(below: groups.count)].id) : .user(users[random.next(below: users.count)].id)
            let assignment = Assignment(
                principal: principal, accountID: accounts[random.next(below: accounts.count)].id,
                permissionSetID: sets[random.next(below: sets.count)].id)
            if created.insert(assignment).inserted { try AssignmentStore(db).create(assignment) }
        }
        return DirectoryFixture(measuredUserID: users[0].id, assignments: Array(created))
    }

    private static func uuid(_ index: Int, kind: Int) -> String {
        let digits = String(index)
        return "0000000\(kind)-0000-4000-8000-" + String(repeating: "0", count: 12 - digits.count) + digits
    }
}

/// A small, fast, seedable generator (SplitMix64), so fixtures do not depend on the system's randomness.
struct SplitMix {
    private var state: UInt64

    init(seed: UInt64) {
        state = seed
    }

    mutating func next(below bound: Int) -> Int {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return Int((z ^ (z >> 31)) % UInt64(bound))
    }
}
