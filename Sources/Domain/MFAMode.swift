/// When sign-in asks for a second factor (the `mfa` setting).
package enum MFAMode: String, CaseIterable, Hashable, Sendable {
    /// Only users who enrolled a device are asked for a code.
    case off
    /// Every sign-in needs a code; users without a device must enrol before they get a session.
    case always
    /// Asked only from a browser not seen for that user in the last 30 days.
    case newDevice = "new-device"

    /// The `mfa` setting's value when an admin never set one.
    package static let `default` = MFAMode.off
}
