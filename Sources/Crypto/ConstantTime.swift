import COpenSSL

/// Comparisons whose running time does not depend on where secret bytes differ.
package enum ConstantTime {
    /// Whether `a` and `b` hold the same bytes, examining every byte when the lengths match.
    ///
    /// Different lengths return false at once: every caller compares values of a fixed, public length
    /// (digests, MACs, codes), so the length reveals nothing.
    package static func equals(_ a: [UInt8], _ b: [UInt8]) -> Bool {
        guard a.count == b.count else { return false }
        guard !a.isEmpty else { return true }
        return a.withUnsafeBytes { left in
            b.withUnsafeBytes { right in
                CRYPTO_memcmp(left.baseAddress, right.baseAddress, left.count) == 0
            }
        }
    }
}
