import AWS
import Crypto
import Dispatch
import Domain
import Glibc
import HTTPClient
import JSON
import SQLite
import Storage
import Synchronization
import Time
import Web

/// Keeps the IAM roles and SAML provider of every enrolled AWS account as Portico wants them (issue 18).
///
/// An attempt for one account reads its desired state from the database (`AccountDesiredState`), assumes the
/// account's provisioning role through STS, plans with `AccountReconciler` (reads only) and applies the plan,
/// then records the status per account and per permission set, audits what changed, and tells the
/// notification webhook when the account fails or recovers. Accounts are attempted side by side, each on
/// its own, so one failing account does not stop the others; `AWSCallLimit` bounds the calls in flight.
///
/// The server runs attempts shortly after a change that alters an account's desired state (a change is
/// noticed through the directory's generation, and only accounts whose desired state's hash moved are
/// attempted, so a burst of changes is one attempt), every `provisioning_interval` for drift, and when an
/// admin asks; `portico provision` runs the same attempt from the command line.
package final class AWSProvisioner: Sendable {
    /// Where Portico reaches AWS and as whom.
    package struct Connection: Sendable {
        var endpoints: AWSEndpoints
        /// Portico's own credentials, used only to assume each account's provisioning role.
        var credentials: @Sendable () throws(AWSCallError) -> AWSCredentials
        var transport: any AWSHTTPTransport
        var retry = AWSRetryPolicy()
        var limit = AWSCallLimit.shared

        package init(
            endpoints: AWSEndpoints, credentials: @escaping @Sendable () throws(AWSCallError) -> AWSCredentials,
            transport: any AWSHTTPTransport, retry: AWSRetryPolicy = AWSRetryPolicy(), limit: AWSCallLimit = .shared
        ) {
            self.endpoints = endpoints
            self.credentials = credentials
            self.transport = transport
            self.retry = retry
            self.limit = limit
        }
    }

    /// What one attempt did.
    package struct Outcome: Sendable {
        package var accountID: String
        /// The plan's changes in plain words (`--dry-run` prints these and makes none).
        package var changes: [String]
        package var conflicts: [String]
        package var applied: Int
        /// Why the attempt failed, in plain words with the fix; nil when the account is in sync.
        package var failure: String?
        package var calls: Int
        package var writeCalls: Int
    }

    /// How long a burst of changes has to settle before the accounts it touched are attempted.
    static let settleDelay: DispatchTimeInterval = .seconds(2)
    /// How often the server looks at the directory's generation for changes.
    static let changePollInterval: DispatchTimeInterval = .seconds(3)
    /// Accounts attempted at once; `AWSCallLimit` bounds the calls in flight across all of them.
    static let parallelAccounts = 8

    private let database: Database
    private let connection: Connection
    private let metadataXML: @Sendable () -> String
    private let suggestManagedPolicy: @Sendable (String) -> String?
    private let clock: WallClock
    private let log: AccessLog
    /// Also tells the webhook of owners' changes to assignments (`AdminAccountPages`).
    let notifier: ProvisioningNotifier?
    private let queue = DispatchQueue(label: "portico.aws-provisioner")
    private let state = Mutex(State())

    private struct State {
        var waiting: Set<String> = []
        var isScheduled = false
        var lastGeneration: Int?
        var lastMetadata: String?
        /// When the drift check last ran (or the server started).
        var lastDriftCheck: Int?
        var stopped = false
    }

    init(
        database: Database, connection: Connection, metadataXML: @escaping @Sendable () -> String,
        suggestManagedPolicy: @escaping @Sendable (String) -> String? = { _ in nil }, clock: WallClock, log: AccessLog,
        notifier: ProvisioningNotifier? = nil
    ) {
        self.database = database
        self.connection = connection
        self.metadataXML = metadataXML
        self.suggestManagedPolicy = suggestManagedPolicy
        self.clock = clock
        self.log = log
        self.notifier = notifier
    }

    // MARK: Attempts

    /// Brings `accountIDs` (every enrolled account when nil) in line with the directory, side by side, and
    /// returns what each attempt did. Blocking: call it off the event loops.
    package func sync(accountIDs: [String]? = nil, dryRun: Bool = false, requestedBy actor: String) throws -> [Outcome] {
        let enrolments = try database.read { try ProvisioningStore($0).enrolments() }
        let wanted = accountIDs.map(Set.init)
        let targets = enrolments.filter { wanted?.contains($0.accountID) ?? true }
        let outcomes = Mutex<[Outcome]>([])
        let slots = DispatchSemaphore(value: Self.parallelAccounts)
        let group = DispatchGroup()
        for enrolment in targets {
            slots.wait()
            DispatchQueue.global().async(group: group) {
                defer { slots.signal() }
                let outcome = self.attempt(enrolment, dryRun: dryRun, actor: actor)
                outcomes.withLock { $0.append(outcome) }
            }
        }
        group.wait()
        return outcomes.withLock { $0 }.sorted { $0.accountID < $1.accountID }
    }

    /// One account: plan, apply unless `dryRun`, record, audit, notify.
    private func attempt(_ enrolment: ProvisioningStore.Enrolment, dryRun: Bool, actor: String) -> Outcome {
        let accountID = enrolment.accountID
        let counter = AWSCallCounter()
        var outcome = Outcome(accountID: accountID, changes: [], conflicts: [], applied: 0, failure: nil, calls: 0, writeCalls: 0)
        let metadata = metadataXML()
        let now = clock.epochSeconds
        var desired: AWSAccountSetup
        let before: [ProvisioningStatus]
        let settings: ProvisioningSettings
        do {
            guard
                let found = try database.read({ db in
                    try AccountDesiredState.setup(accountID: accountID, metadataXML: metadata, db: db).map {
                        ($0, try ProvisioningStore(db).statuses(accountID: accountID), try SettingsStore(db).provisioning())
                    }
                })
            else {
                outcome.failure = "the account no longer exists in Portico"
                return outcome
            }
            (desired, before, settings) = found
            // The partition Portico calls is the one every ARN must name.
            desired.partition = connection.endpoints.partition.rawValue
        } catch {
            outcome.failure = "Portico could not read the account's desired state: \(error)"
            log.log(.error, "provisioning could not read the directory", fields: [("account_id", accountID), ("error", "\(error)")])
            return outcome
        }

        // What AWS would refuse is refused here first, before any call, naming the permission set.
        let refused = desired.roles.compactMap(\.permissionSet).flatMap { set in
            set.provisioningProblems().map { "permission set \(set.name): \($0)" }
        }
        let roleARN =
            enrolment.roleARN
            ?? ProvisioningRoleCredentials.roleARN(
                partition: connection.endpoints.partition, accountID: accountID, roleName: settings.roleName)
        let reconciler = AccountReconciler(
            setup: desired, iam: iamClient(roleARN: roleARN, counter: counter), partition: connection.endpoints.partition,
            suggestManagedPolicy: suggestManagedPolicy)
        var failedChange: ProvisioningChange?
        var remaining: [ProvisioningChange] = []
        var readNothing = false
        var failedSets: Set<String> = []
        do {
            guard refused.isEmpty else { throw PolicyRefusal(problems: refused) }
            let plan = try reconciler.plan()
            outcome.changes = plan.changes.map(\.description)
            outcome.conflicts = plan.conflicts.map(\.description)
            if !dryRun {
                do {
                    outcome.applied = try reconciler.apply(plan)
                } catch {
                    outcome.applied = error.appliedCount
                    outcome.failure = error.message + " (while trying to " + error.change.description + ")"
                    failedChange = error.change
                    remaining = Array(plan.changes.dropFirst(error.appliedCount))
                }
            }
            if outcome.failure == nil, !plan.conflicts.isEmpty {
                outcome.failure = plan.conflicts.map(\.description).joined(separator: "; ")
                failedSets = Set(plan.conflicts.compactMap(\.permissionSet))
            }
        } catch let refusal as PolicyRefusal {
            outcome.failure = refusal.problems.joined(separator: "; ")
            readNothing = true
        } catch let error as AWSCallError {
            outcome.failure = Self.reachFailure(error, roleARN: roleARN)
            readNothing = true
        } catch {
            outcome.failure = "\(error)"
            readNothing = true
        }
        outcome.calls = counter.callCount
        outcome.writeCalls = counter.writeCallCount
        guard !dryRun else { return outcome }

        // The change behind the attempt: the newest directory change the audit log holds, else who asked.
        let lastChange = try? database.read { try AuditStore($0).latest(actions: Self.changeActions) }
        let changedBy = lastChange?.actor ?? before.first { $0.scope.isEmpty }?.changedBy ?? actor
        let change = lastChange.map { "\($0.action) \($0.target)" }
        if let failedChange { failedSets.formUnion([failedChange.permissionSet].compactMap { $0 }) }
        let statuses = Self.statuses(
            desired, outcome: outcome, failedSets: failedSets, readNothing: readNothing, remaining: remaining, changedBy: changedBy,
            now: now, previous: before)
        do {
            try database.write { db in
                try ProvisioningStore(db).record(accountID: accountID, statuses)
                if outcome.applied > 0 || outcome.failure != nil {
                    var details: [String: JSONNode] = [
                        "changes": .strings(Array(outcome.changes.prefix(outcome.applied))), "requested_by": .string(actor),
                        "changed_by": .string(changedBy), "calls": .number(Double(outcome.calls)),
                    ]
                    if let failure = outcome.failure { details["error"] = .string(failure) }
                    try AuditStore(db).append(
                        AuditEvent(
                            time: clock.now().iso8601Milliseconds, actor: "provisioning", action: "aws.sync", target: accountID,
                            outcome: outcome.failure == nil ? .success : .failure, details: JSONNode.object(details).text()))
                }
            }
        } catch {
            log.log(.error, "provisioning status could not be recorded", fields: [("account_id", accountID), ("error", "\(error)")])
        }
        let wasFailed = before.contains { $0.scope.isEmpty && $0.state == .failed }
        if let failure = outcome.failure, !wasFailed || before.first(where: { $0.scope.isEmpty })?.message != failure {
            notifier?.failed(account: desired, message: failure, change: change, changedBy: changedBy)
        } else if outcome.failure == nil, wasFailed {
            notifier?.recovered(account: desired, change: change, changedBy: changedBy)
        }
        return outcome
    }

    /// Policies IAM would refuse, found before any call.
    private struct PolicyRefusal: Error {
        let problems: [String]
    }

    /// The audit actions that change what an account should hold.
    static let changeActions = [
        "assignment.create", "assignment.delete", "permission_set.create", "permission_set.update", "permission_set.delete",
        "account.create", "account.update", "account.delete", "settings.update", "setting.update", "saml.key.activate",
        "aws.sync.enable",
    ]

    /// The IAM client of the member account, signing with the provisioning role's credentials.
    private func iamClient(roleARN: String, counter: AWSCallCounter) -> IAMClient {
        let sts = AWSQueryClient(
            endpoint: connection.endpoints.sts, service: "sts", version: "2011-06-15", credentials: connection.credentials,
            transport: connection.transport, retry: connection.retry, limit: connection.limit, counter: counter, clock: clock)
        let member = ProvisioningRoleCredentials(roleARN: roleARN, sts: sts, clock: clock)
        return IAMClient(
            endpoints: connection.endpoints, credentials: { () throws(AWSCallError) -> AWSCredentials in try member.credentials() },
            transport: connection.transport, retry: connection.retry, limit: connection.limit, counter: counter)
    }

    /// Why reading the account failed, with what to do.
    static func reachFailure(_ error: AWSCallError, roleARN: String) -> String {
        if case .service(let service) = error, service.code == "AccessDenied" || service.code == "AccessDeniedException" {
            return "Portico may not use \(roleARN): \(service.message) Deploy the bootstrap template (or its CLI commands) in the "
                + "account, or check the role's trust policy names the identity Portico runs as."
        }
        return "Portico could not read the account: \(error)"
    }

    /// The statuses an attempt leaves: the account's own, and one per permission set assigned there.
    static func statuses(
        _ setup: AWSAccountSetup, outcome: Outcome, failedSets: Set<String>, readNothing: Bool, remaining: [ProvisioningChange],
        changedBy: String, now: Int, previous: [ProvisioningStatus]
    ) -> [ProvisioningStatus] {
        let synced = outcome.failure == nil
        let previousSync = Dictionary(previous.map { ($0.scope, $0.syncedAt) }, uniquingKeysWith: { first, _ in first })
        var statuses = [
            ProvisioningStatus(
                accountID: setup.accountID, state: synced ? .inSync : .failed, message: outcome.failure ?? "", changedBy: changedBy,
                updatedAt: now, syncedAt: synced ? now : previousSync[""] ?? nil, desiredHash: synced ? desiredHash(setup) : nil)
        ]
        let waiting = Set(remaining.compactMap(\.permissionSet))
        for set in setup.roles.compactMap(\.permissionSet) {
            let failed = failedSets.contains(set.name) || readNothing
            let state: ProvisioningStatus.State = failed ? .failed : waiting.contains(set.name) ? .pending : .inSync
            statuses.append(
                ProvisioningStatus(
                    accountID: setup.accountID, scope: set.id, state: state, message: failed ? outcome.failure ?? "" : "",
                    changedBy: changedBy, updatedAt: now, syncedAt: state == .inSync ? now : previousSync[set.id] ?? nil))
        }
        return statuses
    }

    /// The SHA-256 of everything the account should hold, as the downloadable template spells it out.
    static func desiredHash(_ setup: AWSAccountSetup) -> String {
        SHA256.hexHash(Array(setup.cloudFormationTemplate().utf8))
    }

    // MARK: Scheduling

    /// Starts watching for changes and the periodic drift check.
    func start() {
        scheduleChangePoll()
        scheduleDriftCheck()
    }

    func stop() {
        state.withLock { $0.stopped = true }
    }

    /// Attempts `accountIDs` after `settleDelay`, together with any others asked for meanwhile.
    package func schedule(_ accountIDs: [String], requestedBy actor: String) {
        let runNow = state.withLock { state -> Bool in
            state.waiting.formUnion(accountIDs)
            guard !state.isScheduled, !state.stopped else { return false }
            state.isScheduled = true
            return true
        }
        guard runNow else { return }
        queue.asyncAfter(deadline: .now() + Self.settleDelay) { [self] in
            let accounts = state.withLock { state -> [String] in
                defer {
                    state.waiting = []
                    state.isScheduled = false
                }
                return state.waiting.sorted()
            }
            runLogged(accounts, requestedBy: actor)
        }
    }

    private func runLogged(_ accounts: [String]?, requestedBy actor: String) {
        do {
            let outcomes = try sync(accountIDs: accounts, requestedBy: actor)
            let failed = outcomes.filter { $0.failure != nil }
            if !outcomes.isEmpty {
                log.log(
                    failed.isEmpty ? .info : .warning, "AWS accounts synced",
                    fields: [
                        ("accounts", String(outcomes.count)), ("failed", String(failed.count)),
                        ("changes", String(outcomes.map(\.applied).reduce(0, +))), ("requested_by", actor),
                    ])
            }
        } catch {
            log.log(.error, "AWS sync could not start", fields: [("error", "\(error)")])
        }
    }

    /// Every few seconds: if the directory or the metadata moved, the enrolled accounts whose desired state's
    /// hash differs from the one last brought about are attempted.
    private func scheduleChangePoll() {
        queue.asyncAfter(deadline: .now() + Self.changePollInterval) { [self] in
            guard !state.withLock({ $0.stopped }) else { return }
            defer { scheduleChangePoll() }
            do {
                let metadata = metadataXML()
                let generation = try database.read { try PortalStore($0).sharedGeneration() }
                let moved = state.withLock { state -> Bool in
                    defer {
                        state.lastGeneration = generation
                        state.lastMetadata = metadata
                    }
                    return state.lastGeneration != generation || state.lastMetadata != metadata
                }
                guard moved else { return }
                let changed = try database.read { db in
                    try ProvisioningStore(db).enrolments().compactMap { enrolment -> String? in
                        let own = try ProvisioningStore(db).statuses(accountID: enrolment.accountID).first { $0.scope.isEmpty }
                        guard var setup = try AccountDesiredState.setup(accountID: enrolment.accountID, metadataXML: metadata, db: db)
                        else { return nil }
                        setup.partition = connection.endpoints.partition.rawValue
                        return own?.desiredHash == Self.desiredHash(setup) ? nil : enrolment.accountID
                    }
                }
                if !changed.isEmpty { schedule(changed, requestedBy: "directory change") }
            } catch {
                log.log(.warning, "AWS sync could not read the directory", fields: [("error", "\(error)")])
            }
        }
    }

    /// Every few seconds, whether `provisioning_interval` has passed since the last drift check, so a changed
    /// setting counts at once rather than after the old interval.
    private func scheduleDriftCheck() {
        queue.asyncAfter(deadline: .now() + Self.changePollInterval) { [self] in
            guard !state.withLock({ $0.stopped }) else { return }
            defer { scheduleDriftCheck() }
            let now = clock.epochSeconds
            let interval = (try? database.read { try SettingsStore($0).provisioning() }.interval.seconds) ?? 1_800
            let due = state.withLock { state -> Bool in
                guard let last = state.lastDriftCheck else {
                    state.lastDriftCheck = now
                    return false
                }
                guard now - last >= interval else { return false }
                state.lastDriftCheck = now
                return true
            }
            if due { DispatchQueue.global().async { self.runLogged(nil, requestedBy: "drift check") } }
        }
    }
}

extension AWSProvisioner.Connection {
    /// AWS's endpoints of the configured partition (or the override), Portico's credentials from the usual
    /// places (environment, web identity, shared files, container, instance role), cached until near expiry.
    static func standard(configuration: Configuration, clock: WallClock) -> AWSProvisioner.Connection {
        var environment: [String: String] = [:]
        var entry = environ
        while let pointer = entry.pointee {
            let pair = String(cString: pointer).split(separator: "=", maxSplits: 1, omittingEmptySubsequences: false)
            if pair.count == 2 { environment[String(pair[0])] = String(pair[1]) }
            entry += 1
        }
        let stsForWebIdentity =
            (try? STSEndpoint.parse(configuration.awsEndpoints.sts.url)) ?? STSEndpoint.global
        let provider = CachingCredentialProvider(
            AWSCredentialChain.standard(environment: environment, stsEndpoint: stsForWebIdentity), clock: clock)
        return AWSProvisioner.Connection(
            endpoints: configuration.awsEndpoints,
            credentials: { () throws(AWSCallError) -> AWSCredentials in
                do {
                    return try provider.credentials()
                } catch {
                    throw .credentials("\(error)")
                }
            }, transport: HTTPSClient())
    }

    /// AWS at a loopback address nobody listens on, with made-up keys: tests that start a server without AWS.
    package static var unreachable: AWSProvisioner.Connection {
        AWSProvisioner.Connection(
            endpoints: AWSEndpoints(partition: .aws, overrideURL: "http://127.0.0.1:9/"),
            credentials: { () throws(AWSCallError) -> AWSCredentials in AWSCredentials(accessKeyID: "AKIDTEST", secretAccessKey: "test") },
            transport: HTTPSClient(), retry: AWSRetryPolicy(maximumAttempts: 1))
    }
}

extension AWSProvisioner {
    /// The AWS managed policy closest to a name AWS says does not exist, from the snapshot in the repository.
    static let closestManagedPolicy: @Sendable (String) -> String? = { name in ManagedPolicyCatalog.closestMatch(to: name) }
}

extension AWSProvisioner {
    /// A provisioner for `portico provision`, beside a running server or without one: the database and the
    /// signing keys of `configuration`'s data directory, and its AWS settings.
    package static func standalone(configuration: Configuration, clock: WallClock = .system, log: AccessLog = .standardError) throws
        -> AWSProvisioner
    {
        let dataDirectory = try DataDirectory(path: configuration.dataDirectory)
        let database = try dataDirectory.openDatabase()
        let metadata = try ConsoleFederation.publishedMetadataXML(dataDirectory: dataDirectory.path, baseURL: configuration.baseURL)
        return AWSProvisioner(
            database: database, connection: .standard(configuration: configuration, clock: clock), metadataXML: { metadata },
            suggestManagedPolicy: closestManagedPolicy, clock: clock, log: log, notifier: ProvisioningNotifier(database: database, log: log)
        )
    }
}
