import Crypto
import Testing

struct TokenTests {
    @Test func generatesFortyThreeCharacterBase64URLOfThirtyTwoBytes() {
        let token = Token.generate()
        #expect(token.utf8.count == 43)
        #expect(Base64URL.decode(token)?.count == 32)
        #expect(Token.isWellFormed(token))
    }

    @Test func generatedTokensAreUnique() {
        let tokens = (0..<1000).map { _ in Token.generate() }
        #expect(Set(tokens).count == 1000)
    }

    @Test func hashIsLowercaseHexSHA256OfTheTokenText() {
        #expect(Token.hash("abc") == "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad")
        let hash = Token.hash(Token.generate())
        #expect(hash.utf8.count == 64)
        #expect(hash.allSatisfy { $0.isHexDigit && !$0.isUppercase })
    }

    @Test func hashIsStableAndDistinguishesTokens() {
        let token = Token.generate()
        #expect(Token.hash(token) == Token.hash(token))
        #expect(Token.hash(token) != Token.hash(Token.generate()))
    }

    @Test(arguments: [
        "", "short", String(repeating: "A", count: 42), String(repeating: "A", count: 44),
        String(repeating: "A", count: 42) + "=", String(repeating: "A", count: 42) + "B", String(repeating: "+", count: 43),
    ])
    func rejectsTextThatIsNotAGeneratedToken(text: String) {
        #expect(!Token.isWellFormed(text))
    }
}
