import Crypto
import Testing

struct OneTimePasswordTests {
    static let sha1Secret = Array("12345678901234567890".utf8)
    static let sha256Secret = Array("12345678901234567890123456789012".utf8)
    static let sha512Secret = Array("1234567890123456789012345678901234567890123456789012345678901234".utf8)

    /// RFC 6238 Appendix B: time, then the 8-digit SHA-1, SHA-256 and SHA-512 codes.
    static let rfc6238: [(Int, String, String, String)] = [
        (59, "94287082", "46119246", "90693936"),
        (1_111_111_109, "07081804", "68084774", "25091201"),
        (1_111_111_111, "14050471", "67062674", "99943326"),
        (1_234_567_890, "89005924", "91819424", "93441116"),
        (2_000_000_000, "69279037", "90698825", "38618901"),
        (20_000_000_000, "65353130", "77737706", "47863826"),
    ]

    @Test(arguments: rfc6238)
    func totpMatchesRFC6238AppendixB(time: Int, sha1: String, sha256: String, sha512: String) {
        #expect(TOTP.code(secret: Self.sha1Secret, at: time, digits: 8, algorithm: .sha1) == sha1)
        #expect(TOTP.code(secret: Self.sha256Secret, at: time, digits: 8, algorithm: .sha256) == sha256)
        #expect(TOTP.code(secret: Self.sha512Secret, at: time, digits: 8, algorithm: .sha512) == sha512)
    }

    @Test func hotpMatchesRFC4226AppendixD() {
        let expected = ["755224", "287082", "359152", "969429", "338314", "254676", "287922", "162583", "399871", "520489"]
        let codes = (0..<10).map { HOTP.code(secret: Self.sha1Secret, counter: UInt64($0)) }
        #expect(codes == expected)
    }

    @Test func sixDigitCodesAreTheLastSixDigitsZeroPadded() {
        #expect(TOTP.code(secret: Self.sha1Secret, at: 59) == "287082")
        #expect(TOTP.code(secret: Self.sha1Secret, at: 1_111_111_109) == "081804")
        #expect(TOTP.code(secret: Self.sha1Secret, at: 1_111_111_111) == "050471")
    }

    @Test func stepIsTimeDividedByPeriod() {
        #expect(TOTP.step(at: 59) == 1)
        #expect(TOTP.step(at: 1_111_111_111) == 37_037_037)
        #expect(TOTP.step(at: 119, period: 60) == 1)
    }

    @Test func verifyReturnsTheMatchedStepWithinOneStepEitherSide() {
        let now = 1_111_111_111
        let step = TOTP.step(at: now)
        for offset in -1...1 {
            let code = TOTP.code(secret: Self.sha1Secret, at: now + offset * 30)
            #expect(TOTP.verify(code, secret: Self.sha1Secret, at: now) == step + offset)
        }
    }

    @Test func verifyRefusesCodesTwoStepsAwayWithTheDefaultWindow() {
        let now = 1_111_111_111
        for offset in [-2, 2, -3, 3] {
            let code = TOTP.code(secret: Self.sha1Secret, at: now + offset * 30)
            #expect(TOTP.verify(code, secret: Self.sha1Secret, at: now) == nil)
        }
    }

    @Test func verifyWindowIsConfigurable() {
        let now = 1_111_111_111
        let previous = TOTP.code(secret: Self.sha1Secret, at: now - 30)
        let twoAhead = TOTP.code(secret: Self.sha1Secret, at: now + 60)
        #expect(TOTP.verify(previous, secret: Self.sha1Secret, at: now, window: 0) == nil)
        #expect(TOTP.verify(twoAhead, secret: Self.sha1Secret, at: now, window: 2) == TOTP.step(at: now) + 2)
    }

    @Test func verifyHonoursDigitsPeriodAndAlgorithm() {
        let code = TOTP.code(secret: Self.sha256Secret, at: 1_234_567_890, digits: 8, period: 60, algorithm: .sha256)
        let step = TOTP.verify(
            code, secret: Self.sha256Secret, at: 1_234_567_890, digits: 8, period: 60, algorithm: .sha256)
        #expect(step == 1_234_567_890 / 60)
        #expect(TOTP.verify(code, secret: Self.sha256Secret, at: 1_234_567_890, digits: 8, algorithm: .sha256) == nil)
    }

    @Test func verifyNearTheEpochSkipsNegativeSteps() {
        let code = TOTP.code(secret: Self.sha1Secret, at: 10)
        #expect(TOTP.verify(code, secret: Self.sha1Secret, at: 10) == 0)
    }

    @Test func verifyRefusesAnotherSecretsCode() {
        let code = TOTP.code(secret: Self.sha1Secret, at: 1_111_111_111)
        #expect(TOTP.verify(code, secret: Array("12345678901234567891".utf8), at: 1_111_111_111) == nil)
    }

    @Test(arguments: ["", "05047", "0504711", "05047a", " 050471", "050471 ", "+50471", "０５０４７１", "05047١"])
    func verifyRefusesCodesThatAreNotExactlySixASCIIDigits(code: String) {
        #expect(TOTP.verify(code, secret: Self.sha1Secret, at: 1_111_111_111) == nil)
    }

    @Test func newSecretIsTwentyFreshBytes() {
        let first = TOTP.newSecret()
        #expect(first.count == 20)
        #expect(first != TOTP.newSecret())
    }

    @Test func provisioningURIPercentEncodesLabelAndIssuer() {
        let uri = TOTP.provisioningURI(secret: Self.sha1Secret, account: "jane doe@example.com", issuer: "Acme Corp: Prod")
        #expect(
            uri
                == "otpauth://totp/Acme%20Corp%3A%20Prod:jane%20doe%40example.com"
                + "?secret=GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ&issuer=Acme%20Corp%3A%20Prod&algorithm=SHA1&digits=6&period=30")
    }

    @Test func provisioningURIEncodesQueryDelimitersAndNonASCII() {
        let uri = TOTP.provisioningURI(
            secret: [0xff], account: "a&b=c?d/e#f", issuer: "Zürich+Co", digits: 8, period: 60, algorithm: .sha256)
        #expect(
            uri
                == "otpauth://totp/Z%C3%BCrich%2BCo:a%26b%3Dc%3Fd%2Fe%23f"
                + "?secret=74&issuer=Z%C3%BCrich%2BCo&algorithm=SHA256&digits=8&period=60")
    }
}
