import Domain
import JSON
import SQLite
import Storage
import TemplateEngine
import Web

/// The account page's "Keep in sync" section: whether Portico provisions the account itself, with which
/// role, and "Sync now". Enrolling or leaving changes nothing in AWS by itself; the next attempt does.
struct AccountSyncPages: Sendable {
    let authentication: Authentication
    let provisioner: AWSProvisioner

    /// Offloaded. `role_arn` empty uses the `provisioning_role_name` setting's role in the account.
    func enable(_ request: Request) throws -> HTTPResponse {
        let admin = try request.signedInUser()
        let accountID = request.parameters["id"] ?? ""
        let roleARN = (try request.form()["role_arn"] ?? "").trimmingWhitespace()
        if !roleARN.isEmpty, !Self.isRoleARN(roleARN, accountID: accountID) {
            throw HTTPError(
                .unprocessableContent,
                "The provisioning role must be an IAM role ARN in this account, such as arn:aws:iam::\(accountID):role/PorticoProvisioning."
            )
        }
        try authentication.recordChange(
            "aws.sync.enable", by: admin, target: accountID, request: request,
            details: ["role_arn": roleARN.isEmpty ? .null : .string(roleARN)]
        ) { db in
            guard try AccountStore(db).find(id: accountID) != nil else { throw HTTPError(.notFound, AdminAccountPages.noSuchAccount) }
            try ProvisioningStore(db).enable(
                accountID: accountID, roleARN: roleARN.isEmpty ? nil : roleARN, by: admin.user.email, now: authentication.clock.epochSeconds
            )
        }
        provisioner.schedule([accountID], requestedBy: admin.user.email)
        return try AdminSection.accounts.back(to: accountID, done: "sync-enabled")
    }

    /// Offloaded. What Portico created in AWS stays; the account's downloads are the way to manage it by hand.
    func disable(_ request: Request) throws -> HTTPResponse {
        let admin = try request.signedInUser()
        let accountID = request.parameters["id"] ?? ""
        try authentication.recordChange("aws.sync.disable", by: admin, target: accountID, request: request, details: [:]) { db in
            try ProvisioningStore(db).disable(accountID: accountID)
        }
        return try AdminSection.accounts.back(to: accountID, done: "sync-disabled")
    }

    /// Offloaded. The attempt runs in the background; the page shows its result once it is done.
    func syncNow(_ request: Request) throws -> HTTPResponse {
        let admin = try request.signedInUser()
        let accountID = request.parameters["id"] ?? ""
        let enrolled = try authentication.database.write { db in
            try ProvisioningStore(db).markPending(accountIDs: [accountID], by: admin.user.email, now: authentication.clock.epochSeconds)
        }
        guard !enrolled.isEmpty else { throw HTTPError(.conflict, "Portico does not keep this account in sync; enable it first.") }
        provisioner.schedule([accountID], requestedBy: admin.user.email)
        return try AdminSection.accounts.back(to: accountID, done: "sync-requested")
    }

    /// Offloaded. Every enrolled account where the permission set is assigned, attempted in the background.
    func syncPermissionSet(_ request: Request) throws -> HTTPResponse {
        let admin = try request.signedInUser()
        let setID = request.parameters["id"] ?? ""
        let enrolled = try authentication.database.write { db in
            let accounts = try AssignmentStore(db).named(.init(permissionSetID: setID), limit: Int(Int32.max)).items.map(
                \.assignment.accountID)
            return try ProvisioningStore(db).markPending(accountIDs: accounts, by: admin.user.email, now: authentication.clock.epochSeconds)
        }
        provisioner.schedule(enrolled, requestedBy: admin.user.email)
        return try AdminSection.permissionSets.back(to: setID, done: "sync-requested")
    }

    /// `arn:<partition>:iam::<this account>:role/<name>`.
    static func isRoleARN(_ text: String, accountID: String) -> Bool {
        let parts = text.split(separator: ":", maxSplits: 5, omittingEmptySubsequences: false)
        guard parts.count == 6, parts[0] == "arn", ["aws", "aws-us-gov", "aws-cn"].contains(parts[1]), parts[2] == "iam",
            parts[3].isEmpty, parts[4] == accountID, parts[5].hasPrefix("role/"), parts[5].count > 5, text.count <= 2_048
        else { return false }
        return true
    }

    /// The section's values for the account page: enrolment, the account's status and each permission set's.
    static func templateValues(accountID: String, db: Connection) throws -> TemplateObject {
        let store = ProvisioningStore(db)
        guard let enrolment = try store.enrolment(accountID: accountID) else { return ["sync": ["enrolled": false] as TemplateObject] }
        let statuses = try store.statuses(accountID: accountID)
        let sets = Dictionary(try PermissionSetStore(db).assigned(inAccount: accountID).map { ($0.id, $0.name) }) { first, _ in first }
        let own = statuses.first { $0.scope.isEmpty }
        return [
            "sync": [
                "enrolled": true, "roleARN": enrolment.roleARN ?? "", "state": own.map(stateValue) ?? stateValue(.pending),
                "message": own?.message ?? "", "changedBy": own?.changedBy ?? "",
                "syncedAt": own?.syncedAt.map(DurationText.moment) ?? "never",
                "sets": statuses.filter { !$0.scope.isEmpty }.map { status in
                    [
                        "name": sets[status.scope] ?? status.scope, "state": stateValue(status), "message": status.message,
                    ] as TemplateObject
                },
            ] as TemplateObject
        ]
    }

    private static func stateValue(_ status: ProvisioningStatus) -> TemplateValue { stateValue(status.state) }

    static func stateValue(_ state: ProvisioningStatus.State) -> TemplateValue {
        let label =
            switch state {
            case .pending: "Pending"
            case .inSync: "In sync"
            case .failed: "Failed"
            }
        return (["label": label, "class": "sync-" + state.rawValue.replacing("_", with: "-")] as TemplateObject)
            .templateValue
    }
}
