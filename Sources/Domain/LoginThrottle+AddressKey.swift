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
        guard text.contains(":"), let groups = ipv6Groups(text) else { return String(address.utf8.prefix(64)) ?? "" }
        if groups[0..<5].allSatisfy({ $0 == 0 }) && groups[5] == 0xFFFF {
            return "\(groups[6] >> 8).\(groups[6] & 0xFF).\(groups[7] >> 8).\(groups[7] & 0xFF)"
        }
        return groups[0..<4].map { String($0, radix: 16) }.joined(separator: ":") + "::/64"
    }

    /// The eight 16-bit groups of an IPv6 address in text form (RFC 4291 §2.2), or nil.
    private static func ipv6Groups(_ text: Substring) -> [UInt16]? {
        let halves = text.components(separatedByDoubleColon: ())
        guard halves.count <= 2 else { return nil }
        guard let head = parseGroups(halves[0]) else { return nil }
        if halves.count == 1 { return head.count == 8 ? head : nil }
        guard let tail = parseGroups(halves[1]), head.count + tail.count <= 7 else { return nil }
        return head + Array(repeating: 0, count: 8 - head.count - tail.count) + tail
    }

    /// Colon-separated hex groups, the last of which may be a dotted IPv4 address (two groups).
    private static func parseGroups(_ text: Substring) -> [UInt16]? {
        guard !text.isEmpty else { return [] }
        let parts = text.split(separator: ":", omittingEmptySubsequences: false)
        var groups: [UInt16] = []
        for (index, part) in parts.enumerated() {
            if index == parts.count - 1, part.contains(".") {
                let octets = part.split(separator: ".", omittingEmptySubsequences: false)
                guard octets.count == 4 else { return nil }
                let values = octets.compactMap {
                    (1...3).contains($0.count) && $0.allSatisfy({ ("0"..."9").contains($0) }) ? UInt8($0) : nil
                }
                guard values.count == 4 else { return nil }
                groups.append(UInt16(values[0]) << 8 | UInt16(values[1]))
                groups.append(UInt16(values[2]) << 8 | UInt16(values[3]))
            } else {
                guard (1...4).contains(part.count), part.allSatisfy(\.isHexDigit), let value = UInt16(part, radix: 16)
                else { return nil }
                groups.append(value)
            }
        }
        return groups.count <= 8 ? groups : nil
    }
}

extension Substring {
    /// Splits at every `::`; a valid IPv6 address has at most one.
    fileprivate func components(separatedByDoubleColon: ()) -> [Substring] {
        var parts: [Substring] = []
        var start = startIndex
        var index = startIndex
        while index < endIndex {
            let next = self.index(after: index)
            if self[index] == ":", next < endIndex, self[next] == ":" {
                parts.append(self[start..<index])
                index = self.index(after: next)
                start = index
            } else {
                index = next
            }
        }
        parts.append(self[start..<endIndex])
        return parts
    }
}
