import IP
import Testing

struct IPAddressTests {
    @Test(arguments: [
        ("192.0.2.1", "192.0.2.1"),
        ("0.0.0.0", "0.0.0.0"),
        ("255.255.255.255", "255.255.255.255"),
        ("010.001.0.9", "10.1.0.9"),
        ("::1", "::1"),
        ("::", "::"),
        ("2001:DB8:0:0:0:0:0:1", "2001:db8::1"),
        ("2001:db8::1:0:0:1", "2001:db8::1:0:0:1"),
        ("2001:0:0:1:0:0:0:1", "2001:0:0:1::1"),
        ("2001:db8:0:1:1:1:1:1", "2001:db8:0:1:1:1:1:1"),
        ("fe80::", "fe80::"),
        ("::ffff:192.0.2.1", "192.0.2.1"),
        ("::FFFF:c000:0201", "192.0.2.1"),
        ("64:ff9b::192.0.2.1", "64:ff9b::c000:201"),
    ])
    func parsesLiteralsAndPrintsThemCanonically(text: String, canonical: String) throws {
        let address = try #require(IPAddress(text))
        #expect(address.description == canonical)
        #expect(IPAddress(canonical) == address)
    }

    @Test func ipv4AndItsMappedFormAreOneAddress() throws {
        let plain = try #require(IPAddress("192.0.2.1"))
        let mapped = try #require(IPAddress("::ffff:192.0.2.1"))
        #expect(plain == mapped)
        #expect(plain.isIPv4)
        #expect(!(try #require(IPAddress("::192.0.2.1"))).isIPv4)
        #expect(plain.groups == [0, 0, 0, 0, 0, 0xFFFF, 0xC000, 0x0201])
    }

    @Test func loopbackIsThisHostsOwnAddressesInEitherFamily() throws {
        for text in ["127.0.0.1", "127.255.0.9", "::1", "::ffff:127.0.0.1", "0:0:0:0:0:0:0:1"] {
            #expect(try #require(IPAddress(text)).isLoopback, "\(text)")
        }
        for text in ["126.255.255.255", "128.0.0.1", "0.0.0.0", "::", "::2", "::127.0.0.1", "::ffff:192.0.2.1", "fe80::1", "192.0.2.2"] {
            #expect(try !#require(IPAddress(text)).isLoopback, "\(text)")
        }
    }

    @Test(arguments: [
        "", "1.2.3", "1.2.3.4.5", "256.1.1.1", "1.2.3.-4", "1..3.4", "1.2.3.4 ", " 1.2.3.4", "0x7f.0.0.1", "1234.1.1.1",
        "localhost", "example.com", "unknown", ":", ":::", "1::2::3", "12345::", "1:2:3:4:5:6:7:8:9", "1:2:3:4:5:6:7",
        "1:2:3:4:5:6:7::8", "::g", "[::1]", "::1%eth0", "::1.2.3", "1.2.3.4::", "::1.2.3.4:5", "1.2.3.4:80",
    ])
    func refusesAnythingButALiteral(text: String) {
        #expect(IPAddress(text) == nil)
    }
}
