/// The rule for passwords people choose: long enough, and typed the same twice.
enum NewPassword {
    static let minimumLength = 12
    static let maximumLength = 1_024

    /// Why the password cannot be used, in words for the form, or nil.
    static func problem(_ password: String, confirmation: String) -> String? {
        if password.count < minimumLength { return "Choose a password of at least \(minimumLength) characters." }
        if password.utf8.count > maximumLength { return "Choose a password of at most \(maximumLength) bytes." }
        if password != confirmation { return "The two passwords differ." }
        return nil
    }
}
