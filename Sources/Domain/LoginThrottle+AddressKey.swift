import IP

extension LoginThrottle {
    /// The key a client address is counted under: IPv4 addresses as they are, IPv6 by their /64 prefix.
    ///
    /// One IPv6 subscriber usually holds a whole /64, so counting single IPv6 addresses would give an
    /// attacker 2^64 fresh allowances. IPv4-mapped IPv6 (`::ffff:192.0.2.1`) counts as the IPv4 address it
    /// carries, and brackets and zone ids are ignored. Anything else that does not parse is used as it is,
    /// bounded in length.
    static func addressKey(_ address: String) -> String {
        var text = Substring(address)
        if text.hasPrefix("["), let close = text.firstIndex(of: "]") { text = text[text.index(after: text.startIndex)..<close] }
        if let zone = text.firstIndex(of: "%") { text = text[..<zone] }
        guard text.contains(":"), let parsed = IPAddress(text) else { return String(address.utf8.prefix(64)) ?? "" }
        if parsed.isIPv4 { return parsed.description }
        return parsed.groups[0..<4].map { String($0, radix: 16) }.joined(separator: ":") + "::/64"
    }
}
