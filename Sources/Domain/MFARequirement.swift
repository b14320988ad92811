/// What sign-in asks of one user: the portal-wide `MFAMode` combined with the strictest `MFARule` among the
/// user's groups.
package struct MFARequirement: Hashable, Sendable {
    package var mode: MFAMode
    package var rule: MFARule

    package init(mode: MFAMode, rule: MFARule) {
        self.mode = mode
        self.rule = rule
    }

    /// Whether the user may not have a session without a second factor, so one without any is led to enrol.
    package var requiresSecondFactor: Bool { mode == .always || rule >= .required }

    /// Whether only WebAuthn counts: authenticator codes and recovery codes are refused.
    package var requiresPhishingResistance: Bool { rule == .phishingResistant }

    /// Whether a browser that passed a second factor recently may skip it (`new-device`). Never under the
    /// phishing-resistant rule: the remembered factor may have been a relayable code.
    package var remembersBrowsers: Bool { mode == .newDevice && !requiresPhishingResistance }

    /// Whether a sign-in by `method` meets the rule's demand on the kind of factor.
    package func accepts(_ method: PortalSession.AuthMethod) -> Bool {
        !requiresPhishingResistance || method.isPhishingResistant
    }
}
