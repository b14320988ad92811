import App
import Domain

/// The `provision` subcommand: brings the enrolled AWS accounts (or one) in line with the directory now, as
/// the server does after a change, or with `--dry-run` prints what it would change, as `apply --dry-run` does.
///
/// Exit status: 0 every account in sync (or, dry, planned), 1 some account failed, 2 a usage or I/O error.
package enum ProvisionTool {
    package static func run(_ options: ProvisionOptions, output: (String) -> Void, errors: (String) -> Void) -> Int32 {
        let outcomes: [AWSProvisioner.Outcome]
        do {
            let provisioner = try AWSProvisioner.standalone(configuration: options.configuration)
            outcomes = try provisioner.sync(
                accountIDs: options.accountID.map { [$0] }, dryRun: options.dryRun, requestedBy: "cli")
        } catch {
            errors("portico: \(error)")
            return 2
        }
        if let accountID = options.accountID, outcomes.isEmpty {
            errors("portico: Portico does not keep account \(accountID) in sync; enable it on the account's page first")
            return 2
        }
        for outcome in outcomes {
            output(Self.header(outcome, dryRun: options.dryRun))
            // Without --dry-run, what an attempt that failed did not get to is marked so.
            for (index, line) in outcome.changes.enumerated() {
                output(options.dryRun || index < outcome.applied || outcome.failure == nil ? "  " + line : "  not made: " + line)
            }
            for conflict in outcome.conflicts { output("  ! " + conflict) }
            if let failure = outcome.failure { output("  failed: " + failure) }
        }
        let changes = outcomes.map { options.dryRun ? $0.changes.count : $0.applied }.reduce(0, +)
        let failed = outcomes.filter { $0.failure != nil }.count
        output(
            "\(outcomes.count) account\(outcomes.count == 1 ? "" : "s"), \(changes) change\(changes == 1 ? "" : "s")"
                + (options.dryRun ? " planned" : " made") + ", \(failed) failed; "
                + "\(outcomes.map(\.calls).reduce(0, +)) AWS calls (\(outcomes.map(\.writeCalls).reduce(0, +)) writes)")
        return failed == 0 ? 0 : 1
    }

    private static func header(_ outcome: AWSProvisioner.Outcome, dryRun: Bool) -> String {
        let state =
            outcome.failure != nil ? "failed" : outcome.changes.isEmpty ? "in sync" : dryRun ? "would change" : "changed"
        return "account \(outcome.accountID): \(state)"
    }
}
