import Domain
import SQLite
import Storage
import Time

/// The organisation `PORTICO_DEMO=1` loads into an empty database: OUs, accounts, permission sets, groups,
/// users and assignments shaped like the setups Portico replaces, so every page has something real to show.
///
/// Written as a `DirectoryFile` value rather than a JSON resource, so the compiler checks it and the binary
/// needs no extra file; it goes through the same planner as `portico apply`, audit events included.
package enum DemoDirectory {
    /// Every demo user's password.
    package static let password = "portico-demo"
    package static let adminEmail = "admin@example.com"

    /// Loads the demo when the database has no users and no accounts; returns whether it did.
    ///
    /// - Parameter setPassword: nil hashes passwords with scrypt.
    @discardableResult
    package static func loadIfEmpty(
        into database: Database, clock: WallClock, setPassword: DirectoryPlan.PasswordSetter? = nil
    ) throws -> Bool {
        try database.write { db -> Bool in
            let accounts = try AccountStore(db).list(ListQuery(sort: .id, limit: 0)).total
            guard try UserStore(db).count() == 0, accounts == 0 else { return false }
            let plan = try DirectoryPlanner.plan(file, current: try DirectorySnapshot.load(db))
            try plan.perform(on: db, actor: "demo", clock: clock, setPassword: setPassword)
            return true
        }
    }

    private struct DemoAccount {
        let id: String
        let name: String
        let ou: String
        let environment: String
        var via: JumpRoute? = nil
    }

    /// The jump account of the setup Portico replaces, where people sign in and switch role from.
    package static let jumpAccountID = "500000000001"

    private static let accounts: [DemoAccount] = [
        DemoAccount(id: "100000000001", name: "management", ou: "root/admin", environment: "admin"),
        DemoAccount(id: "100000000002", name: "security-audit", ou: "root/admin", environment: "admin"),
        DemoAccount(id: "200000000001", name: "shop-prod", ou: "root/service/shop/prod", environment: "prod"),
        DemoAccount(id: "200000000002", name: "shop-staging", ou: "root/service/shop/staging", environment: "staging"),
        DemoAccount(id: "200000000003", name: "shop-dev", ou: "root/service/shop/dev", environment: "dev"),
        DemoAccount(id: "300000000001", name: "ledger-prod", ou: "root/service/ledger/prod", environment: "prod"),
        DemoAccount(id: "300000000002", name: "ledger-staging", ou: "root/service/ledger/staging", environment: "staging"),
        DemoAccount(id: "300000000003", name: "ledger-dev", ou: "root/service/ledger/dev", environment: "dev"),
        DemoAccount(id: "400000000001", name: "sandbox-shop", ou: "root/sandbox", environment: "sandbox"),
        DemoAccount(id: "400000000002", name: "sandbox-ledger", ou: "root/sandbox", environment: "sandbox"),
        DemoAccount(id: "400000000003", name: "sandbox-training", ou: "root/sandbox", environment: "sandbox"),
        DemoAccount(id: "400000000004", name: "sandbox-partner", ou: "root/sandbox", environment: "sandbox"),
        // A batch system still reached the old way, by switching role from the jump account: prod through one
        // shared jump role, dev through the role named after each permission set there.
        DemoAccount(id: jumpAccountID, name: "jump", ou: "root/admin", environment: "admin"),
        DemoAccount(
            id: "500000000002", name: "batch-prod", ou: "root/service/batch/prod", environment: "prod",
            via: JumpRoute(accountID: jumpAccountID, roleName: "PorticoJump")),
        DemoAccount(
            id: "500000000003", name: "batch-dev", ou: "root/service/batch/dev", environment: "dev",
            via: JumpRoute(accountID: jumpAccountID)),
    ]

    /// The demo organisation.
    package static let file: DirectoryFile = {
        func user(_ email: String, _ displayName: String, _ given: String, _ family: String, admin: Bool = false, team: String)
            -> DirectoryFile.UserEntry
        {
            var entry = DirectoryFile.UserEntry(email: email, displayName: displayName)
            entry.givenName = given
            entry.familyName = family
            entry.isAdmin = admin
            entry.password = password
            entry.attributes = ["team": team]
            return entry
        }
        func group(_ name: String, _ description: String, _ members: [String]) -> DirectoryFile.GroupEntry {
            var entry = DirectoryFile.GroupEntry(name: name)
            entry.description = description
            entry.members = members
            return entry
        }
        func permissionSet(_ name: String, _ description: String, hours: Int, relayState: String?, policy: String)
            -> DirectoryFile.PermissionSetEntry
        {
            var entry = DirectoryFile.PermissionSetEntry(name: name)
            entry.description = description
            entry.sessionDuration = ISODuration(seconds: hours * 3_600)
            entry.relayState = relayState
            entry.managedPolicies = ["arn:aws:iam::aws:policy/\(policy)"]
            return entry
        }
        func assign(_ permissionSet: String, to group: String, in names: [String]) -> [DirectoryFile.AssignmentEntry] {
            accounts.filter { names.contains($0.name) }.map {
                DirectoryFile.AssignmentEntry(account: $0.id, permissionSet: permissionSet, principal: .group(name: group))
            }
        }

        var file = DirectoryFile(settings: DirectoryFile.Settings(portalSessionDuration: ISODuration(seconds: 8 * 3_600), mfa: .off))
        file.users = [
            user(adminEmail, "Portico Admin", "Portico", "Admin", admin: true, team: "platform"),
            user("hanako.sato@example.com", "佐藤 花子", "花子", "佐藤", team: "shop"),
            user("ben.carter@example.com", "Ben Carter", "Ben", "Carter", team: "shop"),
            user("taro.yamada@example.com", "山田 太郎", "太郎", "山田", team: "ledger"),
            user("auditor@example.com", "Alex Auditor", "Alex", "Auditor", team: "audit"),
            user("vendor@partner.example", "Pat Vendor", "Pat", "Vendor", team: "partner"),
        ]
        file.groups = [
            group("aws-admin", "Platform team: administrators of every account", [adminEmail]),
            group("project-a-developers", "Developers of the shop service", ["hanako.sato@example.com", "ben.carter@example.com"]),
            group("project-b-developers", "Developers of the ledger service", ["taro.yamada@example.com"]),
            group("auditors", "Read-only access everywhere for internal audit", ["auditor@example.com"]),
            group("external-vendors", "Partner staff, limited to their sandbox", ["vendor@partner.example"]),
        ]
        file.accounts = accounts.map { account in
            var entry = DirectoryFile.AccountEntry(id: account.id, name: account.name, email: "aws+\(account.name)@example.com")
            entry.ou = account.ou
            entry.environment = account.environment
            entry.via = account.via
            if account.name.hasPrefix("shop-") { entry.owners = ["hanako.sato@example.com"] }
            if account.name.hasPrefix("ledger-") { entry.owners = ["taro.yamada@example.com"] }
            return entry
        }
        file.permissionSets = [
            permissionSet("AdministratorAccess", "Full access to every service", hours: 1, relayState: nil, policy: "AdministratorAccess"),
            permissionSet(
                "PowerUserAccess", "Everything except IAM and Organizations", hours: 4, relayState: nil, policy: "PowerUserAccess"),
            permissionSet(
                "ReadOnlyAccess", "Look, do not touch", hours: 8, relayState: "https://console.aws.amazon.com/console/home",
                policy: "ReadOnlyAccess"),
            permissionSet(
                "Billing", "Invoices, budgets and cost explorer", hours: 2, relayState: "https://console.aws.amazon.com/billing/home",
                policy: "job-function/Billing"),
        ]
        let everything = accounts.map(\.name)
        file.assignments =
            assign("AdministratorAccess", to: "aws-admin", in: everything)
            + assign("Billing", to: "aws-admin", in: ["management"])
            + assign("PowerUserAccess", to: "project-a-developers", in: ["shop-dev", "shop-staging", "sandbox-shop"])
            + assign("ReadOnlyAccess", to: "project-a-developers", in: ["shop-prod"])
            + assign("PowerUserAccess", to: "project-b-developers", in: ["ledger-dev", "ledger-staging", "sandbox-ledger"])
            + assign("ReadOnlyAccess", to: "project-b-developers", in: ["ledger-prod", "batch-prod"])
            + assign("PowerUserAccess", to: "project-b-developers", in: ["batch-dev"])
            + assign("ReadOnlyAccess", to: "auditors", in: everything)
            + assign("ReadOnlyAccess", to: "external-vendors", in: ["sandbox-partner"])
        // The teams' owners grant within bounds: in their services, only the everyday sets and only to the
        // organisation's people (not the partner's vendor); in shop-prod, read-only only.
        file.settings?.organisationDomains = ["example.com"]
        var service = DirectoryFile.OwnerBoundsEntry(scope: .ou("root/service"))
        service.permissionSets = ["PowerUserAccess", "ReadOnlyAccess"]
        service.users = .organisation
        var shopProduction = DirectoryFile.OwnerBoundsEntry(scope: .account("200000000001"))
        shopProduction.permissionSets = ["ReadOnlyAccess"]
        shopProduction.users = .organisation
        file.ownerBounds = [service, shopProduction]
        return file
    }()
}
