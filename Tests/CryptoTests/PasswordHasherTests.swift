import Testing

@testable import Crypto

struct PasswordHasherTests {
    static let cheap = PasswordHasher.Cost(logN: 4, blockSize: 8, parallelism: 1)
    let hasher = PasswordHasher(cost: cheap)

    /// A correct PHC string for `password` spelt with the given fields, to show that a refusal comes
    /// from the spelling or the limits rather than from a wrong hash.
    static func encoded(
        _ password: String, ln: String, r: String, p: String, n: UInt64, rValue: UInt64, pValue: UInt64,
        salt: [UInt8] = Array(repeating: 7, count: 16)
    ) -> String {
        let hash = Scrypt.derive(password: Array(password.utf8), salt: salt, n: n, r: rValue, p: pValue, length: 32)!
        return "$scrypt$ln=\(ln),r=\(r),p=\(p)$\(Base64Coder.standard.encode(salt))$\(Base64Coder.standard.encode(hash))"
    }

    @Test func verifiesThePasswordItHashed() {
        let encoded = hasher.hash("correct horse battery staple")
        #expect(hasher.verify("correct horse battery staple", against: encoded))
    }

    @Test func verifiesNonASCIIAndEmptyPasswords() {
        #expect(hasher.verify("pässwörd 🔑", against: hasher.hash("pässwörd 🔑")))
        #expect(hasher.verify("", against: hasher.hash("")))
    }

    @Test func refusesAWrongPassword() {
        let encoded = hasher.hash("correct horse battery staple")
        #expect(!hasher.verify("correct horse battery stapl", against: encoded))
        #expect(!hasher.verify("Correct horse battery staple", against: encoded))
        #expect(!hasher.verify("", against: encoded))
    }

    @Test func encodesPHCStringWithCostSixteenByteSaltAndThirtyTwoByteHash() throws {
        let encoded = hasher.hash("secret")
        let fields = encoded.split(separator: "$", omittingEmptySubsequences: false)
        #expect(fields.count == 5)
        #expect(encoded.hasPrefix("$scrypt$ln=4,r=8,p=1$"))
        #expect(Base64Coder.standard.decode(String(fields[3]))?.count == 16)
        #expect(Base64Coder.standard.decode(String(fields[4]))?.count == 32)
        #expect(!fields[3].contains("=") && !fields[4].contains("="))
        let stored = try #require(StoredPasswordHash(parsing: encoded))
        #expect(stored.cost == Self.cheap)
        #expect(stored.encoded == encoded)
    }

    @Test func twoHashesOfOnePasswordDifferBySalt() {
        let first = hasher.hash("same")
        let second = hasher.hash("same")
        #expect(first != second)
        #expect(first.split(separator: "$")[2] != second.split(separator: "$")[2])
        #expect(hasher.verify("same", against: first) && hasher.verify("same", against: second))
    }

    @Test func verifiesWithTheCostStoredInTheStringNotItsOwn() {
        let stronger = PasswordHasher(cost: .init(logN: 6, blockSize: 4, parallelism: 2))
        #expect(hasher.verify("pw", against: stronger.hash("pw")))
    }

    @Test func refusesAStringWithAnyFieldTampered() {
        let encoded = hasher.hash("pw")
        var fields = encoded.split(separator: "$", omittingEmptySubsequences: false).map(String.init)
        let original = fields
        for (index, replacement) in [(2, "ln=5,r=8,p=1"), (2, "ln=4,r=9,p=1"), (2, "ln=4,r=8,p=2")] {
            fields = original
            fields[index] = replacement
            #expect(!hasher.verify("pw", against: fields.joined(separator: "$")))
        }
        for index in [3, 4] {
            fields = original
            var bytes = Base64Coder.standard.decode(fields[index])!
            bytes[0] ^= 0x01
            fields[index] = Base64Coder.standard.encode(bytes)
            #expect(!hasher.verify("pw", against: fields.joined(separator: "$")))
        }
    }

    @Test(arguments: [
        "", "$", "$scrypt$", "scrypt$ln=4,r=8,p=1$AAAAAAAAAAAAAAAAAAAAAA$AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA",
        "$argon2id$v=19$m=65536,t=3,p=4$AAAAAAAAAAAAAAAAAAAAAA$AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA",
        "$scrypt$ln=4,r=8$AAAAAAAAAAAAAAAAAAAAAA$AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA",
        "$scrypt$ln=4,r=8,p=1$AAAAAAAAAAAAAAAAAAAAAA",
        "$scrypt$ln=4,r=8,p=1$AAAAAAAAAAAAAAAAAAAAAA$AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA$",
        "$scrypt$ln=99999999999999999999999,r=8,p=1$AAAAAAAAAAAAAAAAAAAAAA$AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA",
        "$scrypt$ln=-4,r=8,p=1$AAAAAAAAAAAAAAAAAAAAAA$AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA",
        "$scrypt$ln=0,r=8,p=1$AAAAAAAAAAAAAAAAAAAAAA$AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA",
        "$scrypt$ln=21,r=1,p=1$AAAAAAAAAAAAAAAAAAAAAA$AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA",
        "$scrypt$ln=20,r=8,p=1$AAAAAAAAAAAAAAAAAAAAAA$AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA",
        "$scrypt$ln=4,r=0,p=1$AAAAAAAAAAAAAAAAAAAAAA$AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA",
        "$scrypt$ln=4,r=8,p=0$AAAAAAAAAAAAAAAAAAAAAA$AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA",
        "$scrypt$ln=4,r=8,p=1$AAAAAAAAAA$AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA",
        "$scrypt$ln=4,r=8,p=1$AAAAAAAAAAAAAAAAAAAAAA$AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA",
        "$scrypt$ln=4,r=8,p=1$AAAAAAAAAAAAAAAAAAAAAA$AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA!A",
        "$scrypt$ln=4,r=8,p=1$" + String(repeating: "A", count: 300) + "$AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA",
    ])
    func refusesMalformedStrings(encoded: String) {
        #expect(!hasher.verify("", against: encoded))
    }

    @Test func refusesOtherSpellingsOfACorrectHash() {
        let canonical = Self.encoded("pw", ln: "4", r: "8", p: "1", n: 16, rValue: 8, pValue: 1)
        #expect(hasher.verify("pw", against: canonical))
        let fields = canonical.split(separator: "$").map(String.init)
        let variants = [
            Self.encoded("pw", ln: "04", r: "8", p: "1", n: 16, rValue: 8, pValue: 1),
            Self.encoded("pw", ln: "4", r: "+8", p: "1", n: 16, rValue: 8, pValue: 1),
            Self.encoded("pw", ln: "4", r: "8", p: "1 ", n: 16, rValue: 8, pValue: 1),
            "$scrypt$r=8,ln=4,p=1$\(fields[2])$\(fields[3])",
            "$scrypt$ln=4,r=8,p=1$\(fields[2])==$\(fields[3])",
            "$scrypt$ln=4,r=8,p=1$\(fields[2])$\(fields[3])=",
            "$SCRYPT$ln=4,r=8,p=1$\(fields[2])$\(fields[3])",
            " " + canonical,
        ]
        for variant in variants {
            #expect(!hasher.verify("pw", against: variant), "accepted \(variant)")
        }
    }

    @Test func refusesACorrectHashWhoseCostIsOutsideTheLimits() {
        // Cheap to compute, but beyond the per-parameter bounds a login must never accept.
        let hugeBlockSize = Self.encoded("pw", ln: "1", r: "2000", p: "1", n: 2, rValue: 2000, pValue: 1)
        let hugeParallelism = Self.encoded("pw", ln: "1", r: "1", p: "2000", n: 2, rValue: 1, pValue: 2000)
        #expect(!hasher.verify("pw", against: hugeBlockSize))
        #expect(!hasher.verify("pw", against: hugeParallelism))
    }

    @Test func costLimitsBoundMemoryAndWork() {
        #expect(PasswordHasher.Cost.default.isWithinLimits)
        #expect(PasswordHasher.Cost(logN: 20, blockSize: 1, parallelism: 1).isWithinLimits)
        #expect(PasswordHasher.Cost(logN: 18, blockSize: 8, parallelism: 1).isWithinLimits)
        #expect(!PasswordHasher.Cost(logN: 21, blockSize: 1, parallelism: 1).isWithinLimits)
        #expect(!PasswordHasher.Cost(logN: 20, blockSize: 8, parallelism: 1).isWithinLimits)
        #expect(!PasswordHasher.Cost(logN: 15, blockSize: 8, parallelism: 64).isWithinLimits)
        #expect(!PasswordHasher.Cost(logN: 0, blockSize: 8, parallelism: 1).isWithinLimits)
        #expect(!PasswordHasher.Cost(logN: 4, blockSize: .max, parallelism: .max).isWithinLimits)
    }

    @Test func needsRehashWhenStoredCostIsBelowTheCurrentOne() {
        let stronger = PasswordHasher(cost: .init(logN: 5, blockSize: 8, parallelism: 1))
        let weak = hasher.hash("pw")
        #expect(stronger.needsRehash(weak))
        #expect(!stronger.needsRehash(stronger.hash("pw")))
        #expect(!hasher.needsRehash(weak))
        #expect(!hasher.needsRehash(stronger.hash("pw")))
        #expect(PasswordHasher(cost: .init(logN: 4, blockSize: 8, parallelism: 2)).needsRehash(weak))
        #expect(hasher.needsRehash("not a hash"))
    }

    @Test func defaultCostIsScryptLn14R8P1AndRoundTrips() {
        let hasher = PasswordHasher()
        #expect(hasher.cost == PasswordHasher.Cost(logN: 14, blockSize: 8, parallelism: 1))
        let encoded = hasher.hash("correct horse battery staple")
        #expect(encoded.hasPrefix("$scrypt$ln=14,r=8,p=1$"))
        #expect(hasher.verify("correct horse battery staple", against: encoded))
        #expect(!hasher.needsRehash(encoded))
    }
}
