import Crypto
import PortalAPI
import Testing

/// Paging ListAccounts and ListAccountRoles by the last key returned, as botocore's paginator walks it.
struct PageRequestTests {
    private let keys = (1...7).map { String(repeating: "0", count: 11) + String($0) }

    @Test func noParametersMeansTheFirstHundred() throws {
        let request = try PageRequest.parse(nextToken: nil, maxResult: nil)
        #expect(request.maxResults == 100 && request.afterKey == nil)
        let all = (0..<150).map { String(1000 + $0) }
        let first = request.page(all) { $0 }
        #expect(first.items == Array(all.prefix(100)))
        let token = try #require(first.nextToken)
        let second = try PageRequest.parse(nextToken: token, maxResult: nil).page(all) { $0 }
        #expect(second.items == Array(all.dropFirst(100)) && second.nextToken == nil)
    }

    @Test func walkingWithATokenVisitsEveryItemOnceAndTheLastPageHasNoToken() throws {
        var seen: [String] = []
        var token: String?
        var pages = 0
        repeat {
            let (items, next) = try PageRequest.parse(nextToken: token, maxResult: "3").page(keys) { $0 }
            seen += items
            token = next
            pages += 1
        } while token != nil
        #expect(seen == keys && pages == 3)
    }

    @Test func anExactMultipleEndsWithoutAnEmptyPage() throws {
        let page = try PageRequest.parse(nextToken: nil, maxResult: "7").page(keys) { $0 }
        #expect(page.items == keys && page.nextToken == nil)
        #expect(try PageRequest.parse(nextToken: nil, maxResult: "1").page([String]()) { $0 } == ([], nil))
    }

    @Test func aTokenIsAKeyNotAPositionSoRemovalsShiftNothing() throws {
        let token = PageRequest.token(after: keys[2])
        let shorter = keys.filter { $0 != keys[1] && $0 != keys[2] }
        let page = try PageRequest.parse(nextToken: token, maxResult: "2").page(shorter) { $0 }
        #expect(page.items == [keys[3], keys[4]])
        #expect(page.nextToken == PageRequest.token(after: keys[4]))
    }

    @Test func theTokenIsBase64URLOfAVersionedKey() throws {
        let token = PageRequest.token(after: "111122223333")
        #expect(Base64URL.decode(token).map { String(decoding: $0, as: UTF8.self) } == "v1:111122223333")
        #expect(try PageRequest.parse(nextToken: token, maxResult: nil).afterKey == "111122223333")
        #expect(try PageRequest.parse(nextToken: PageRequest.token(after: "Admin:é"), maxResult: nil).afterKey == "Admin:é")
    }

    @Test(arguments: ["0", "101", "-1", "+5", "1.5", "", " 5", "abc", "0100", "99999999999999999999"])
    func aBadMaxResultIsAnInvalidRequest(value: String) {
        #expect(throws: PortalAPIError.invalidRequest("max_result must be a whole number from 1 to 100.")) {
            try PageRequest.parse(nextToken: nil, maxResult: value)
        }
    }

    @Test func maxResultBoundsAreAccepted() throws {
        #expect(try PageRequest.parse(nextToken: nil, maxResult: "1").maxResults == 1)
        #expect(try PageRequest.parse(nextToken: nil, maxResult: "100").maxResults == 100)
        #expect(try PageRequest.parse(nextToken: nil, maxResult: "007").maxResults == 7)
    }

    @Test func aTokenThisServiceDidNotIssueIsRefused() {
        let forged = [
            "", "garbage!", Base64URL.encode(Array("111122223333".utf8)), Base64URL.encode(Array("v2:111122223333".utf8)),
            Base64URL.encode(Array("v1:".utf8)), Base64URL.encode([0x76, 0x31, 0x3A, 0xFF]), PageRequest.token(after: "x") + "=",
            "djE6YQ==",  // "v1:a" in padded base64, as a client that "fixed" ours might send it
        ]
        for token in forged {
            #expect(throws: PortalAPIError.invalidRequest("The next_token is not one this service issued."), "\(token)") {
                try PageRequest.parse(nextToken: token, maxResult: nil)
            }
        }
    }
}
