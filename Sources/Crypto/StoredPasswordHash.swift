/// A PHC-format scrypt string, `$scrypt$ln=<logN>,r=<r>,p=<p>$<salt>$<hash>`, taken apart.
///
/// Parsing is strict (one spelling per value, parameters in this order, decimal without leading zeros,
/// canonical unpadded base64) and checks the cost against `PasswordHasher.Cost` limits, so every
/// value it returns is safe to hand to scrypt.
struct StoredPasswordHash: Sendable {
    /// Far longer than any string `PasswordHasher` writes; checked before any other work.
    private static let maximumEncodedLength = 256
    private static let saltLengths = PasswordHasher.saltLength...64

    let cost: PasswordHasher.Cost
    let salt: [UInt8]
    let hash: [UInt8]

    init(cost: PasswordHasher.Cost, salt: [UInt8], hash: [UInt8]) {
        self.cost = cost
        self.salt = salt
        self.hash = hash
    }

    init?(parsing encoded: String) {
        guard encoded.utf8.count <= Self.maximumEncodedLength else { return nil }
        let fields = encoded.split(separator: "$", omittingEmptySubsequences: false)
        guard fields.count == 5, fields[0].isEmpty, fields[1] == "scrypt" else { return nil }

        let parameters = fields[2].split(separator: ",", omittingEmptySubsequences: false)
        guard parameters.count == 3,
            let logN = Self.value(of: "ln", in: parameters[0]),
            let blockSize = Self.value(of: "r", in: parameters[1]),
            let parallelism = Self.value(of: "p", in: parameters[2])
        else { return nil }
        let cost = PasswordHasher.Cost(logN: logN, blockSize: blockSize, parallelism: parallelism)
        guard cost.isWithinLimits else { return nil }

        guard let salt = Base64Coder.standard.decode(String(fields[3])), Self.saltLengths.contains(salt.count),
            let hash = Base64Coder.standard.decode(String(fields[4])), hash.count == PasswordHasher.hashLength
        else { return nil }
        self.init(cost: cost, salt: salt, hash: hash)
    }

    var encoded: String {
        let parameters = "ln=\(cost.logN),r=\(cost.blockSize),p=\(cost.parallelism)"
        return "$scrypt$\(parameters)$\(Base64Coder.standard.encode(salt))$\(Base64Coder.standard.encode(hash))"
    }

    /// The number in `name=<digits>`, refusing signs, leading zeros and anything over six digits.
    private static func value(of name: String, in parameter: Substring) -> Int? {
        let prefix = name + "="
        guard parameter.hasPrefix(prefix) else { return nil }
        let digits = parameter.utf8.dropFirst(prefix.utf8.count)
        guard (1...6).contains(digits.count), digits.allSatisfy({ (0x30...0x39).contains($0) }),
            digits.first != 0x30 || digits.count == 1
        else { return nil }
        return digits.reduce(0) { $0 * 10 + Int($1 - 0x30) }
    }
}
