import Glibc

extension Configuration {
    /// The IP address and TCP port the server binds, written `host:port`, `[ipv6]:port` or `:port`.
    ///
    /// Only IP literals (and `localhost`, meaning 127.0.0.1) are accepted: resolving a name at start
    /// could pick an address nobody expected and would make parsing depend on DNS. `:port` listens on
    /// every IPv4 interface, as it does in Go and in Docker's port syntax. Port 0 asks the kernel for
    /// a free port, which tests use.
    package struct ListenAddress: Equatable, Sendable, CustomStringConvertible {
        package static let expectedForm = "HOST:PORT, [IPv6]:PORT or :PORT"

        package let host: String
        package let port: Int

        package init(host: String, port: Int) {
            self.host = host
            self.port = port
        }

        package var isIPv6: Bool { host.contains(":") }

        package var description: String { isIPv6 ? "[\(host)]:\(port)" : "\(host):\(port)" }

        /// `http://` and this address, with `localhost` standing in for a wildcard, which no browser can visit.
        var defaultBaseURL: String {
            let isWildcard = host == "0.0.0.0" || host == "::"
            let visibleHost = isWildcard ? "localhost" : isIPv6 ? "[\(host)]" : host
            return port == 80 ? "http://\(visibleHost)" : "http://\(visibleHost):\(port)"
        }

        /// Parses `text`, naming `source` (a flag or variable) in any error.
        static func parse(_ text: String, source: String) throws(ConfigurationError) -> ListenAddress {
            func invalid(_ problem: String) -> ConfigurationError {
                .invalidValue(source: source, value: text, problem: problem)
            }
            guard let colon = text.lastIndex(of: ":") else { throw invalid("expected \(expectedForm)") }
            var host = String(text[..<colon])
            let portText = text[text.index(after: colon)...]

            if host.hasPrefix("[") || host.hasSuffix("]") {
                guard host.count > 2, host.hasPrefix("["), host.hasSuffix("]") else {
                    throw invalid("expected \(expectedForm)")
                }
                host = String(host.dropFirst().dropLast())
                guard isAddress(host, family: AF_INET6) else { throw invalid("\(host) is not an IPv6 address") }
            } else if host.contains(":") {
                throw invalid("write an IPv6 address in brackets, as in [::1]:8080")
            } else if host.isEmpty {
                host = "0.0.0.0"
            } else if host == "localhost" {
                host = "127.0.0.1"
            } else if !isAddress(host, family: AF_INET) {
                throw invalid("host must be an IP address or localhost")
            }

            guard !portText.isEmpty, portText.allSatisfy({ $0.isASCII && $0.isNumber }) else {
                throw invalid("expected \(expectedForm)")
            }
            guard let port = Int(portText), port <= 65_535 else {
                throw invalid("port must be 0 to 65535")
            }
            return ListenAddress(host: host, port: port)
        }

        private static func isAddress(_ text: String, family: Int32) -> Bool {
            var buffer = in6_addr()  // large enough for either family
            return inet_pton(family, text, &buffer) == 1
        }
    }
}
