/// A request Portico makes to another service (AWS STS, next): method, URL, header fields and body.
package struct OutboundRequest: Sendable {
    package var method: String
    package var url: String
    /// Sent in this order; a name may repeat.
    package var headers: [(name: String, value: String)]
    package var body: [UInt8]

    package init(method: String = "GET", url: String, headers: [(name: String, value: String)] = [], body: [UInt8] = []) {
        self.method = method
        self.url = url
        self.headers = headers
        self.body = body
    }
}
