import HTTPServer
import IP
import Testing

@testable import Web

struct TrustedProxiesTests {
    private static func proxies(_ blocks: String...) throws -> TrustedProxies {
        TrustedProxies(try blocks.map { try IPAddressRange(parsing: $0) })
    }

    @Test func trustsOnlyPeersInsideItsBlocks() throws {
        let proxies = try Self.proxies("10.0.0.0/8", "::1")
        #expect(proxies.trusts(peer: "10.1.2.3"))
        #expect(proxies.trusts(peer: "::ffff:10.1.2.3"))
        #expect(proxies.trusts(peer: "::1"))
        #expect(!proxies.trusts(peer: "192.0.2.1"))
        #expect(!proxies.trusts(peer: "unknown"))
        #expect(!proxies.trusts(peer: ""))
        #expect(!TrustedProxies().trusts(peer: "10.1.2.3"))
    }

    @Test(arguments: [
        // The right-most entry that is not one of our proxies is the client; what is left of it the client wrote.
        (["203.0.113.7"], "203.0.113.7"),
        (["198.51.100.1, 203.0.113.7"], "203.0.113.7"),
        (["198.51.100.1, 203.0.113.7, 10.0.0.2"], "203.0.113.7"),
        (["198.51.100.1,203.0.113.7,10.0.0.2,10.0.0.3"], "203.0.113.7"),
        // Every entry one of ours: the left-most is as far as the chain goes.
        (["10.0.0.9, 10.0.0.2"], "10.0.0.9"),
        // Repeated fields are one list, in the order received.
        (["198.51.100.1", "203.0.113.7", "10.0.0.2"], "203.0.113.7"),
        (["198.51.100.1, 203.0.113.7", " 10.0.0.2 "], "203.0.113.7"),
        // Spaces, tabs and empty list elements say nothing.
        (["  198.51.100.1 ,\t203.0.113.7\t,, "], "203.0.113.7"),
        // Canonical text, ports and brackets dropped.
        (["2001:DB8:0:0::7"], "2001:db8::7"),
        (["[2001:db8::7]:4711"], "2001:db8::7"),
        (["[2001:db8::7]"], "2001:db8::7"),
        (["203.0.113.7:4711"], "203.0.113.7"),
        (["::ffff:203.0.113.7"], "203.0.113.7"),
        // A malformed entry where the walk stops: the peer itself, never an entry to its left.
        (["203.0.113.7, unknown"], "10.0.0.1"),
        (["203.0.113.7, 10.0.0.2, 203.0.113.999"], "10.0.0.1"),
        (["203.0.113.7, [2001:db8::1"], "10.0.0.1"),
        (["203.0.113.7, 203.0.113.8:http"], "10.0.0.1"),
        (["203.0.113.7, fe80::1%eth0"], "10.0.0.1"),
        (["garbage, 10.0.0.2"], "10.0.0.1"),
        // A malformed entry left of the client does not matter.
        (["garbage, 203.0.113.7"], "203.0.113.7"),
        // No header, or nothing in it: the peer.
        ([], "10.0.0.1"),
        ([""], "10.0.0.1"),
        ([" , "], "10.0.0.1"),
    ])
    func clientIsTheRightmostEntryNotOneOfOurs(fields: [String], client: String) throws {
        let proxies = try Self.proxies("10.0.0.0/8")
        #expect(proxies.clientAddress(peer: "10.0.0.1", forwardedFor: fields) == client)
    }

    @Test(arguments: [
        (["https"], "https"), (["HTTP"], "http"), ([" https "], "https"), (["http, https"], "https"),
        (["https", "http"], "http"), (["ftp"], nil), (["https, wss"], nil), ([], nil), ([""], nil),
    ])
    func forwardedProtoIsTheNearestProxysWord(fields: [String], proto: String?) {
        #expect(TrustedProxies.forwardedProto(fields) == proto)
    }

    @Test func parsesAListIgnoringSpacesAndEmptyEntries() throws {
        #expect(try TrustedProxies(parsing: " 10.0.0.0/8 ,\t::1,, ") == Self.proxies("10.0.0.0/8", "::1/128"))
        #expect(try TrustedProxies(parsing: "").isEmpty)
        #expect(try TrustedProxies(parsing: " , ").isEmpty)
    }

    @Test func namesTheEntryItCannotRead() {
        #expect(throws: TrustedProxies.InvalidEntry(entry: "10.0.0.0/33", problem: .prefixOutOfRange(maximum: 32))) {
            try TrustedProxies(parsing: "::1, 10.0.0.0/33 ,fd00::/8")
        }
        #expect(throws: TrustedProxies.InvalidEntry(entry: "proxy", problem: .notAnAddress)) { try TrustedProxies(parsing: "proxy") }
    }

    @Test func describesItsBlocksAsTheConfigurationWritesThem() throws {
        #expect(try Self.proxies("10.0.0.0/8", "::1").description == "10.0.0.0/8,::1/128")
        #expect(try TrustedProxies(parsing: "192.0.2.7,2001:DB8::/32").description == "192.0.2.7/32,2001:db8::/32")
    }
}

struct ClientAddressMiddlewareTests {
    /// An application that answers with the address and scheme its handler saw, and logs each request.
    private static func application(trusting blocks: [String], log: AccessLog) throws -> WebApplication {
        var router = Router()
        router.get("/whoami") { request in .text("\(request.remoteAddress) \(request.forwardedProto ?? "-")") }
        let proxies = TrustedProxies(try blocks.map { try IPAddressRange(parsing: $0) })
        return WebApplication(
            router: router, middleware: [ClientAddressMiddleware(trustedProxies: proxies), AccessLogMiddleware(log: log)], log: log)
    }

    private static let forwarded: HTTPHeaders = ["X-Forwarded-For": "198.51.100.1, 203.0.113.7", "X-Forwarded-Proto": "https"]

    @Test func aTrustedPeerSpeaksForItsClient() throws {
        let captured = CapturedLog()
        let response = try Self.application(trusting: ["127.0.0.0/8"], log: captured.log).send(.get, "/whoami", headers: Self.forwarded)
        #expect(response.bodyText == "203.0.113.7 https")
        let entry = try AccessLogTests.parse(try #require(captured.lines.first))
        #expect(entry["remote_address"] as? String == "203.0.113.7")
        #expect(entry["forwarded_proto"] as? String == "https")
    }

    @Test(arguments: [[], ["10.0.0.0/8"], ["::1"]])
    func anyOtherPeersHeadersAreIgnored(blocks: [String]) throws {
        let captured = CapturedLog()
        let response = try Self.application(trusting: blocks, log: captured.log).send(.get, "/whoami", headers: Self.forwarded)
        #expect(response.bodyText == "127.0.0.1 -")
        let entry = try AccessLogTests.parse(try #require(captured.lines.first))
        #expect(entry["remote_address"] as? String == "127.0.0.1")
        #expect(entry["forwarded_proto"] == nil)
    }
}
