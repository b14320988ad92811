/// A block of addresses in CIDR notation (RFC 4632 §3.1, RFC 4291 §2.3): `10.0.0.0/8`, `fd00::/8`; a bare
/// address is a block of one.
///
/// The prefix counts bits of the 128-bit form, so an IPv4 block also holds the IPv4-mapped IPv6 spelling of
/// each of its addresses. A block whose address has bits set past the prefix (`10.0.0.1/8`) is refused rather
/// than quietly widened: it is usually a typo for a narrower block, and in a trust list the difference matters.
package struct IPAddressRange: Hashable, Sendable, CustomStringConvertible {
    /// Why text is not a block.
    package enum ParseError: Error, Equatable, Sendable, CustomStringConvertible {
        case notAnAddress
        case prefixOutOfRange(maximum: Int)
        /// The address has bits set past the prefix; `network` is the block that was probably meant.
        case hostBitsSet(network: IPAddressRange)

        package var description: String {
            switch self {
            case .notAnAddress: "not an IP address or CIDR block (such as 10.0.0.0/8 or fd00::/8)"
            case .prefixOutOfRange(let maximum): "the prefix length must be a number from 0 to \(maximum)"
            case .hostBitsSet(let network): "bits are set past the prefix length; the block is written \(network)"
            }
        }
    }

    /// The first address of the block.
    package let network: IPAddress
    /// How many leading bits of the 128-bit form every address in the block shares.
    package let prefixLength: Int

    private init(network: IPAddress, prefixLength: Int) {
        self.network = network
        self.prefixLength = prefixLength
    }

    /// Parses `address` or `address/prefix`, the prefix counted in the address's own family (at most 32 for IPv4).
    package init(parsing text: some StringProtocol) throws(ParseError) {
        let text = Substring(text)
        let slash = text.firstIndex(of: "/")
        guard let address = IPAddress(text[..<(slash ?? text.endIndex)]) else { throw .notAnAddress }
        let isIPv4Text = !text[..<(slash ?? text.endIndex)].contains(":")
        let familyBits = isIPv4Text ? 32 : 128
        var prefix = familyBits
        if let slash {
            let digits = text[text.index(after: slash)...]
            guard (1...3).contains(digits.count), digits.allSatisfy({ $0.isASCII && $0.isNumber }), let number = Int(digits),
                number <= familyBits
            else { throw .prefixOutOfRange(maximum: familyBits) }
            prefix = number
        }
        let prefixLength = 128 - familyBits + prefix
        let network = IPAddress(value: address.value & Self.mask(prefixLength))
        guard network == address else { throw .hostBitsSet(network: IPAddressRange(network: network, prefixLength: prefixLength)) }
        self.init(network: network, prefixLength: prefixLength)
    }

    package func contains(_ address: IPAddress) -> Bool {
        address.value & Self.mask(prefixLength) == network.value
    }

    /// IPv4 blocks as IPv4 (`10.0.0.0/8`), others as IPv6 (`fd00::/8`).
    package var description: String {
        // A block of IPv4 addresses always has a prefix of at least 96: the mapped form's `ffff` is in it.
        network.isIPv4 ? "\(network)/\(prefixLength - 96)" : "\(network)/\(prefixLength)"
    }

    private static func mask(_ prefixLength: Int) -> UInt128 {
        prefixLength == 0 ? 0 : ~UInt128(0) << (128 - prefixLength)
    }
}
