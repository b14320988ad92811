/// An IPv4 or IPv6 address as one 128-bit number, IPv4 held in its IPv4-mapped form (`::ffff:a.b.c.d`).
///
/// One form for both families means one comparison: a dual-stack listener reports IPv4 peers as mapped
/// IPv6 (`::ffff:192.0.2.1`, RFC 4291 §2.5.5.2), and those must match `192.0.2.0/24` exactly as the plain
/// text does. Parsing takes IP literals only, never a name to resolve: IPv6 as RFC 4291 §2.2 writes it (a
/// trailing dotted quad included), IPv4 as four decimal parts. Brackets, ports and zone ids belong to the
/// syntax around an address, so callers strip them.
package struct IPAddress: Hashable, Sendable, CustomStringConvertible {
    /// The address, most significant bit first.
    package let value: UInt128

    package init(value: UInt128) {
        self.value = value
    }

    /// Parses IPv6 text (anything with a colon) or dotted-decimal IPv4; nil for anything else.
    package init?(_ text: some StringProtocol) {
        let text = Substring(text)
        if text.contains(":") {
            guard let groups = Self.ipv6Groups(text) else { return nil }
            value = groups.reduce(0) { $0 << 16 | UInt128($1) }
        } else {
            guard let octets = Self.dottedQuad(text) else { return nil }
            value = octets.reduce(0xFFFF) { $0 << 8 | UInt128($1) }
        }
    }

    /// True for IPv4 addresses, whether they were written as IPv4 or as IPv4-mapped IPv6.
    package var isIPv4: Bool { value >> 32 == 0xFFFF }

    /// True for this host's own addresses: `127.0.0.0/8` (plain or mapped) and `::1`.
    package var isLoopback: Bool { value == 1 || value >> 24 == 0xFFFF_7F }

    /// The eight 16-bit groups of the IPv6 form, most significant first.
    package var groups: [UInt16] {
        (0..<8).map { UInt16(truncatingIfNeeded: value >> (112 - 16 * $0)) }
    }

    /// IPv4 in dotted decimal; IPv6 as RFC 5952 recommends (lowercase, the longest run of zero groups as `::`).
    package var description: String {
        if isIPv4 {
            return (0..<4).map { String(UInt8(truncatingIfNeeded: value >> (24 - 8 * $0))) }.joined(separator: ".")
        }
        let groups = groups
        // The longest run of two or more zero groups, the first of equals, is the one written `::`.
        var longest: Range<Int>?
        var start: Int?
        for index in 0...8 {
            if index < 8, groups[index] == 0 {
                if start == nil { start = index }
            } else if let runStart = start {
                if index - runStart >= 2, index - runStart > longest?.count ?? 0 { longest = runStart..<index }
                start = nil
            }
        }
        let hex = groups.map { String($0, radix: 16) }
        guard let longest else { return hex.joined(separator: ":") }
        return hex[..<longest.lowerBound].joined(separator: ":") + "::" + hex[longest.upperBound...].joined(separator: ":")
    }

    /// The eight 16-bit groups of an IPv6 address in text form (RFC 4291 §2.2), or nil.
    private static func ipv6Groups(_ text: Substring) -> [UInt16]? {
        let halves = text.components(separatedByDoubleColon: ())
        guard halves.count <= 2 else { return nil }
        // A dotted quad may only end the address, so not the part before a `::`.
        guard let head = parseGroups(halves[0], mayEndInIPv4: halves.count == 1) else { return nil }
        if halves.count == 1 { return head.count == 8 ? head : nil }
        guard let tail = parseGroups(halves[1], mayEndInIPv4: true), head.count + tail.count <= 7 else { return nil }
        return head + Array(repeating: 0, count: 8 - head.count - tail.count) + tail
    }

    /// Colon-separated hex groups, the last of which may be a dotted IPv4 address (two groups).
    private static func parseGroups(_ text: Substring, mayEndInIPv4: Bool) -> [UInt16]? {
        guard !text.isEmpty else { return [] }
        let parts = text.split(separator: ":", omittingEmptySubsequences: false)
        var groups: [UInt16] = []
        for (index, part) in parts.enumerated() {
            if mayEndInIPv4, index == parts.count - 1, part.contains(".") {
                guard let octets = dottedQuad(part) else { return nil }
                groups.append(UInt16(octets[0]) << 8 | UInt16(octets[1]))
                groups.append(UInt16(octets[2]) << 8 | UInt16(octets[3]))
            } else {
                guard (1...4).contains(part.count), part.allSatisfy(\.isHexDigit), let value = UInt16(part, radix: 16)
                else { return nil }
                groups.append(value)
            }
        }
        return groups.count <= 8 ? groups : nil
    }

    /// Four decimal parts of one to three digits, each at most 255. Always decimal: `010` is ten, never
    /// octal eight as `inet_aton` would read it.
    private static func dottedQuad(_ text: Substring) -> [UInt8]? {
        let parts = text.split(separator: ".", omittingEmptySubsequences: false)
        guard parts.count == 4 else { return nil }
        let octets = parts.compactMap { (1...3).contains($0.count) && $0.allSatisfy({ ("0"..."9").contains($0) }) ? UInt8($0) : nil }
        return octets.count == 4 ? octets : nil
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
