/// What came back: the final response's status, header fields and body (interim 1xx responses are dropped).
package struct OutboundResponse: Sendable {
    package var status: Int
    /// In the order received, names as the server spelled them.
    package var headers: [(name: String, value: String)]
    package var body: [UInt8]

    package init(status: Int, headers: [(name: String, value: String)], body: [UInt8]) {
        self.status = status
        self.headers = headers
        self.body = body
    }

    /// The first value of the field `name`, compared case-insensitively (RFC 9110 section 5.1).
    package func header(_ name: String) -> String? {
        headers.first { $0.name.lowercased() == name.lowercased() }?.value
    }
}
