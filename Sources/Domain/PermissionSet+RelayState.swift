extension PermissionSet {
    /// Why this set's relay state is not a page a console launch would open: an address `ConsoleDestination`
    /// refuses, such as one off `allowedConsoleHosts`; nil when it would open.
    ///
    /// A launch drops a relay state it refuses and opens the console's home page instead, which an admin
    /// would never notice; so the admin form and `portico apply` refuse it when it is saved. A relay state
    /// equal to `before`'s (the stored set) is not judged again: a set saved before this check, or one whose
    /// host has since left the allowed list, still loads and launches as it did. What `validate()` already
    /// reports (not an https URL at all) is not repeated.
    package func relayStateProblem(allowedConsoleHosts: [String], comparedTo before: PermissionSet? = nil) -> FieldError? {
        guard let relayState, relayState != before?.relayState, Self.relayStateProblem(relayState) == nil else { return nil }
        do {
            _ = try ConsoleDestination.check(relayState, allowedHosts: allowedConsoleHosts)
            return nil
        } catch {
            let allowed = allowedConsoleHosts.joined(separator: ", ")
            let detail: String
            switch error {
            case .hostNotAllowed(let host): detail = "\(host) is not one"
            case .malformed(let problem): detail = "the address " + problem.reason
            case .switchRole(let problem): detail = "the switch-role link " + problem.reason
            }
            return FieldError(
                "relay_state", "must be a page on an allowed AWS console host (\(allowed), or a subdomain of one): \(detail)")
        }
    }
}
