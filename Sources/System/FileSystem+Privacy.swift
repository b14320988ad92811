import Glibc

extension FileSystem.Status {
    /// Bits that must be clear on a private file or directory: nothing for group or others.
    package static let foreignAccess: mode_t = 0o077

    /// Why `path`, with this status, is not private to the user Portico runs as; nil when it is.
    ///
    /// Mode bits alone do not make a file private: one owned by another account (created by root, say) can
    /// be read or replaced by that account, so ownership is checked too. The message names the fix.
    package func privacyProblem(path: String) -> String? {
        guard isOwnedByCurrentUser else {
            return "\(path) \(ownerProblem)"
        }
        guard hasNoForeignAccess else {
            let expected = kind == .directory ? "700" : "600"
            return "\(path) has mode \(String(permissions & 0o777, radix: 8)), so other users can read it; "
                + "it must be \(expected) (owner only): chmod \(expected) \(path)"
        }
        return nil
    }

    /// Whether the file belongs to the user this process runs as.
    package var isOwnedByCurrentUser: Bool { owner == geteuid() }

    /// Whether group and others have no access at all.
    package var hasNoForeignAccess: Bool { permissions & Self.foreignAccess == 0 }

    /// What is wrong with the owner of a file that is not ours, after its path.
    package var ownerProblem: String {
        "belongs to user id \(owner), not to the user Portico runs as (\(geteuid())); chown it"
    }
}
