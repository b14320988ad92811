import COpenSSL

/// The scrypt key derivation function (RFC 7914) through `EVP_PBE_scrypt`.
package enum Scrypt {
    /// Derives `length` bytes, or returns nil if libcrypto refuses the parameters or cannot allocate.
    ///
    /// This applies no policy of its own: callers decide which costs are reasonable. It sets libcrypto's
    /// memory ceiling to exactly what these parameters need, because the built-in ceiling (32 MiB) is
    /// just below what Portico's default cost (N=2^15, r=8) requires.
    package static func derive(
        password: [UInt8], salt: [UInt8], n: UInt64, r: UInt64, p: UInt64, length: Int
    ) -> [UInt8]? {
        guard length > 0, let memory = requiredMemory(n: n, r: r, p: p) else { return nil }
        var key = [UInt8](repeating: 0, count: length)
        let status = password.withNonNullPointer { passwordPointer, passwordCount in
            salt.withNonNullPointer { saltPointer, saltCount in
                passwordPointer.withMemoryRebound(to: CChar.self, capacity: max(passwordCount, 1)) { passwordChars in
                    EVP_PBE_scrypt(
                        passwordChars, passwordCount, saltPointer, saltCount, n, r, p, memory, &key, length)
                }
            }
        }
        guard status == 1 else {
            // Leave nothing on the thread's error queue for an unrelated later caller to misread.
            ERR_clear_error()
            return nil
        }
        return key
    }

    /// The bytes libcrypto allocates for these parameters (its `V` and `B` arrays), or nil on overflow.
    package static func requiredMemory(n: UInt64, r: UInt64, p: UInt64) -> UInt64? {
        let (nPlusTwo, o1) = n.addingReportingOverflow(2)
        let (blockBytes, o2) = r.multipliedReportingOverflow(by: 128)
        let (vector, o3) = blockBytes.multipliedReportingOverflow(by: nPlusTwo)
        let (blocks, o4) = blockBytes.multipliedReportingOverflow(by: p)
        let (total, o5) = vector.addingReportingOverflow(blocks)
        return o1 || o2 || o3 || o4 || o5 ? nil : total
    }
}
