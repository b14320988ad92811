import COpenSSL

/// Bytes from OpenSSL's CSPRNG, for salts, secrets and tokens.
package enum SecureRandom {
    /// Returns `count` random bytes, or stops the process if the generator fails.
    ///
    /// A failing `RAND_bytes` means the generator could not seed itself; any fallback would hand out
    /// predictable session tokens or salts, so stopping is the only safe answer.
    package static func bytes(_ count: Int) -> [UInt8] {
        precondition(count >= 0 && count <= Int(Int32.max), "SecureRandom.bytes: count out of range")
        guard count > 0 else { return [] }
        return [UInt8](unsafeUninitializedCapacity: count) { buffer, initialized in
            guard RAND_bytes(buffer.baseAddress, Int32(count)) == 1 else {
                fatalError("RAND_bytes failed; refusing to continue without a working random generator")
            }
            initialized = count
        }
    }
}
