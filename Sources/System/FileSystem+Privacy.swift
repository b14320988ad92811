import Glibc

extension FileSystem.Status {
    /// Bits that must be clear on a private file or directory: nothing for group or others.
    package static let foreignAccess: mode_t = 0o077

    /// Why `path`, with this status, is not private to the user Portico runs as; nil when it is.
    ///
    /// Mode bits alone do not make a file private: one owned by another account (created by root, say) can
    /// be read or replaced by that account, so ownership is checked too. The message names the fix.
    package func privacyProblem(path: String) -> String? {
        guard owner == geteuid() else {
            return "\(path) belongs to user id \(owner), not to the user Portico runs as (\(geteuid())); chown it"
        }
        guard permissions & Self.foreignAccess == 0 else {
            let expected = kind == .directory ? "700" : "600"
            return "\(path) has mode \(String(permissions & 0o777, radix: 8)), so other users can read it; "
                + "it must be \(expected) (owner only): chmod \(expected) \(path)"
        }
        return nil
    }
}
