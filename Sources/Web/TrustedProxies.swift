import HTTPServer
import IP

/// The reverse proxies whose `X-Forwarded-For` and `X-Forwarded-Proto` Portico believes, and how it reads them.
///
/// Behind a proxy every request arrives from the proxy's address, so without this the login throttle would
/// count everyone's failures together and the audit log would name the proxy. The headers are only
/// believed from a peer inside one of these blocks: anyone else can write them.
///
/// `X-Forwarded-For` lists the client and every proxy it passed, each proxy appending the address it was
/// reached from. Only the entries our own proxies appended can be trusted, and they are at the right; the
/// rest was written by the client. So the client is the right-most entry that is not one of our proxies
/// (if every entry is, the left-most). A malformed entry where the walk stops means a proxy we trust wrote
/// something we cannot read; the peer's own address is then the honest answer, never an entry to its left.
package struct TrustedProxies: Hashable, Sendable, CustomStringConvertible {
    package let blocks: [IPAddressRange]

    package init(_ blocks: [IPAddressRange] = []) {
        self.blocks = blocks
    }

    /// Parses a comma-separated list of blocks and single addresses (`172.16.0.0/12, ::1`), IPv4 or IPv6;
    /// spaces and empty entries are ignored.
    package init(parsing list: String) throws(InvalidEntry) {
        var blocks: [IPAddressRange] = []
        for entry in list.split(separator: ",") {
            let entry = Self.trimmingSpaces(entry)
            guard !entry.isEmpty else { continue }
            do {
                blocks.append(try IPAddressRange(parsing: entry))
            } catch {
                throw InvalidEntry(entry: String(entry), problem: error)
            }
        }
        self.init(blocks)
    }

    /// An entry of a list that is not a block, and why.
    package struct InvalidEntry: Error, Equatable {
        package let entry: String
        package let problem: IPAddressRange.ParseError
    }

    package var isEmpty: Bool { blocks.isEmpty }

    /// True when a request from `peer` (the TCP peer's address as text) may speak for its client.
    package func trusts(peer: String) -> Bool {
        guard !blocks.isEmpty, let address = IPAddress(peer) else { return false }
        return trusts(address)
    }

    /// The client's address for a request from a trusted `peer`, read from the values of every
    /// `X-Forwarded-For` field in the order received (repeated fields make one list, RFC 9110 §5.3).
    package func clientAddress(peer: String, forwardedFor fields: [String]) -> String {
        var leftmostTrusted: IPAddress?
        for field in fields.reversed() {
            for entry in field.split(separator: ",").reversed() {
                let entry = Self.trimmingSpaces(entry)
                // Lists may have empty elements (RFC 9110 §5.6.1), which say nothing.
                guard !entry.isEmpty else { continue }
                guard let address = Self.address(inEntry: entry) else { return peer }
                guard trusts(address) else { return address.description }
                leftmostTrusted = address
            }
        }
        return leftmostTrusted?.description ?? peer
    }

    /// The scheme a trusted proxy says the client used, `http` or `https`, from its `X-Forwarded-Proto`
    /// values; nil when it sent none or something else.
    ///
    /// The right-most value is the nearest proxy's word: proxies in front of it may have appended theirs.
    package static func forwardedProto(_ fields: [String]) -> String? {
        guard let last = fields.last?.split(separator: ",").last else { return nil }
        switch trimmingSpaces(last).lowercased() {
        case "https": return "https"
        case "http": return "http"
        default: return nil
        }
    }

    /// The blocks as the configuration writes them, comma-separated.
    package var description: String { blocks.map(\.description).joined(separator: ",") }

    private func trusts(_ address: IPAddress) -> Bool {
        blocks.contains { $0.contains(address) }
    }

    /// An entry's address: plain, or with a port as some proxies append it (`192.0.2.1:4711`, `[2001:db8::1]:4711`).
    private static func address(inEntry entry: Substring) -> IPAddress? {
        var host = entry
        if entry.hasPrefix("[") {
            guard let close = entry.firstIndex(of: "]") else { return nil }
            let port = entry[entry.index(after: close)...]
            guard port.isEmpty || isPort(port) else { return nil }
            host = entry[entry.index(after: entry.startIndex)..<close]
            guard host.contains(":") else { return nil }
        } else if let colon = entry.firstIndex(of: ":"), entry.lastIndex(of: ":") == colon {
            guard isPort(entry[colon...]) else { return nil }
            host = entry[..<colon]
        }
        return IPAddress(host)
    }

    /// `:` and one to five digits.
    private static func isPort(_ text: Substring) -> Bool {
        let digits = text.dropFirst()
        return text.first == ":" && (1...5).contains(digits.count) && digits.allSatisfy { $0.isASCII && $0.isNumber }
    }

    private static func trimmingSpaces(_ text: Substring) -> Substring {
        var text = text
        while let first = text.first, first == " " || first == "\t" { text.removeFirst() }
        while let last = text.last, last == " " || last == "\t" { text.removeLast() }
        return text
    }
}
