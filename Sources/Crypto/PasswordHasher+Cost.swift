extension PasswordHasher {
    /// scrypt's cost parameters: N = 2^`logN`, r = `blockSize`, p = `parallelism` (RFC 7914 §2).
    package struct Cost: Sendable, Hashable {
        /// 16 MiB and one pass, about 50 ms here: the cost Django's scrypt hasher uses by default.
        ///
        /// Chosen so that 20 sign-ins a second take about one of this two-core machine's cores and leave
        /// the other to everyone already signed in (N=2^15 took 2.1 cores at that rate). Raising it later is
        /// safe: stored hashes keep their own cost and are re-made at the next sign-in (`needsRehash`).
        package static let `default` = Cost(logN: 14, blockSize: 8, parallelism: 1)

        /// Beyond these, a stored string is treated as malformed rather than computed.
        ///
        /// 256 MiB of memory and 32 times the default's work leave room to raise the default several
        /// times; anything larger in a stored string is corruption or an attack on the login page.
        static let maximumLogN = 20
        static let maximumMemory = 256 << 20
        static let maximumWork = 32 << 18

        package let logN: Int
        package let blockSize: Int
        package let parallelism: Int

        package init(logN: Int, blockSize: Int, parallelism: Int) {
            self.logN = logN
            self.blockSize = blockSize
            self.parallelism = parallelism
        }

        /// Whether the cost is valid scrypt and small enough to compute during a login.
        package var isWithinLimits: Bool {
            // The individual bounds come first so the products below cannot overflow.
            guard (1...Self.maximumLogN).contains(logN), (1...1024).contains(blockSize),
                (1...1024).contains(parallelism)
            else { return false }
            let n = 1 << logN
            return 128 * blockSize * n <= Self.maximumMemory && n * blockSize * parallelism <= Self.maximumWork
        }
    }
}
