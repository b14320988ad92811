import IP
import Testing

struct IPAddressRangeTests {
    private func range(_ text: String) throws -> IPAddressRange { try IPAddressRange(parsing: text) }

    private func address(_ text: String) throws -> IPAddress { try #require(IPAddress(text)) }

    @Test(arguments: [
        ("10.0.0.0/8", "10.0.0.0/8"),
        ("192.0.2.7", "192.0.2.7/32"),
        ("0.0.0.0/0", "0.0.0.0/0"),
        ("172.16.0.0/12", "172.16.0.0/12"),
        ("::1", "::1/128"),
        ("::1/128", "::1/128"),
        ("FD00::/8", "fd00::/8"),
        ("::/0", "::/0"),
        ("::ffff:10.0.0.0/104", "10.0.0.0/8"),
    ])
    func parsesBlocksAndBareAddresses(text: String, canonical: String) throws {
        #expect(try range(text).description == canonical)
    }

    @Test func ipv4BlocksMatchPlainAndMappedAddresses() throws {
        let block = try range("10.0.0.0/8")
        #expect(block.contains(try address("10.255.0.1")))
        #expect(block.contains(try address("::ffff:10.1.2.3")))
        #expect(!block.contains(try address("11.0.0.1")))
        #expect(!block.contains(try address("::a01:203")))
        #expect(!block.contains(try address("fd00::1")))
        #expect(try range("192.0.2.7").contains(try address("192.0.2.7")))
        #expect(!(try range("192.0.2.7")).contains(try address("192.0.2.8")))
    }

    @Test func ipv6BlocksMatchByTheirPrefix() throws {
        let block = try range("2001:db8:1::/48")
        #expect(block.contains(try address("2001:db8:1:ffff::1")))
        #expect(!block.contains(try address("2001:db8:2::1")))
        #expect(try range("::1").contains(try address("::1")))
        #expect(!(try range("::1")).contains(try address("127.0.0.1")))
        #expect(try range("::/0").contains(try address("192.0.2.1")))
        #expect(!(try range("0.0.0.0/0")).contains(try address("2001:db8::1")))
    }

    @Test(arguments: [
        ("", IPAddressRange.ParseError.notAnAddress),
        ("/8", .notAnAddress),
        ("10.0.0/8", .notAnAddress),
        ("example.com/24", .notAnAddress),
        ("[::1]/128", .notAnAddress),
        ("10.0.0.0/", .prefixOutOfRange(maximum: 32)),
        ("10.0.0.0/33", .prefixOutOfRange(maximum: 32)),
        ("10.0.0.0/-1", .prefixOutOfRange(maximum: 32)),
        ("10.0.0.0/8/8", .prefixOutOfRange(maximum: 32)),
        ("10.0.0.0/ 8", .prefixOutOfRange(maximum: 32)),
        ("::/129", .prefixOutOfRange(maximum: 128)),
        ("::/1000", .prefixOutOfRange(maximum: 128)),
    ])
    func refusesMalformedBlocks(text: String, error: IPAddressRange.ParseError) {
        #expect(throws: error) { try IPAddressRange(parsing: text) }
    }

    @Test func refusesBitsSetPastThePrefixAndNamesTheBlockMeant() throws {
        #expect(throws: IPAddressRange.ParseError.hostBitsSet(network: try range("10.0.0.0/8"))) {
            try IPAddressRange(parsing: "10.0.0.1/8")
        }
        #expect(throws: IPAddressRange.ParseError.hostBitsSet(network: try range("fd00::/8"))) {
            try IPAddressRange(parsing: "fd12::/8")
        }
        #expect(
            IPAddressRange.ParseError.hostBitsSet(network: try range("10.0.0.0/8")).description
                == "bits are set past the prefix length; the block is written 10.0.0.0/8")
    }
}
