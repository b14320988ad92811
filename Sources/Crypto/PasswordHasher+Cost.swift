extension PasswordHasher {
    /// scrypt's cost parameters: N = 2^`logN`, r = `blockSize`, p = `parallelism` (RFC 7914 §2).
    package struct Cost: Sendable, Hashable {
        /// 32 MiB and one pass: the interactive-login setting RFC 7914 §2 and OWASP suggest.
        package static let `default` = Cost(logN: 15, blockSize: 8, parallelism: 1)

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
