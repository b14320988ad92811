/// Hashes and verifies passwords with scrypt, stored as PHC strings.
///
/// The stored form is `$scrypt$ln=14,r=8,p=1$<salt>$<hash>` (standard base64 without padding, a
/// 16-byte random salt, a 32-byte hash), so every hash carries the cost it was made with: the default
/// can be raised later, old hashes still verify, and `needsRehash` says when to store a fresh one at
/// the next successful login.
///
/// The default cost, N=2^14, r=8, p=1, uses 16 MiB and takes about 50 ms per hash on the two-core
/// development machine (OpenSSL 3.0); that is the price of each login, paid again by anyone guessing
/// offline. Verification refuses stored costs outside `Cost.isWithinLimits` before deriving anything,
/// so a corrupted or planted row cannot make a login allocate gigabytes or run for minutes.
package struct PasswordHasher: Sendable {
    package static let saltLength = 16
    package static let hashLength = 32

    /// The cost new hashes are made with.
    package let cost: Cost

    /// A hasher for `cost`; tests pass a cheap one, production keeps the default.
    package init(cost: Cost = .default) {
        precondition(cost.isWithinLimits, "PasswordHasher: scrypt cost outside the accepted limits")
        self.cost = cost
    }

    /// A PHC string for `password` with a fresh random salt.
    package func hash(_ password: String) -> String {
        let salt = SecureRandom.bytes(Self.saltLength)
        guard let derived = Self.derive(password, salt: salt, cost: cost, length: Self.hashLength) else {
            // The cost was checked at init, so only a failed allocation gets here.
            fatalError("scrypt failed for a valid cost; libcrypto could not allocate its working memory")
        }
        return StoredPasswordHash(cost: cost, salt: salt, hash: derived).encoded
    }

    /// Whether `password` matches `encoded`; false for any string this hasher could not have made.
    package func verify(_ password: String, against encoded: String) -> Bool {
        guard let stored = StoredPasswordHash(parsing: encoded),
            let derived = Self.derive(password, salt: stored.salt, cost: stored.cost, length: stored.hash.count)
        else { return false }
        return ConstantTime.equals(derived, stored.hash)
    }

    /// Whether `encoded` should be replaced: made with a lower cost than this hasher's, or unreadable.
    package func needsRehash(_ encoded: String) -> Bool {
        guard let stored = StoredPasswordHash(parsing: encoded) else { return true }
        return stored.cost.logN < cost.logN || stored.cost.blockSize < cost.blockSize
            || stored.cost.parallelism < cost.parallelism
    }

    private static func derive(_ password: String, salt: [UInt8], cost: Cost, length: Int) -> [UInt8]? {
        Scrypt.derive(
            password: Array(password.utf8), salt: salt, n: UInt64(1) << UInt64(cost.logN),
            r: UInt64(cost.blockSize), p: UInt64(cost.parallelism), length: length)
    }
}
