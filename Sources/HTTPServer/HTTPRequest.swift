/// A complete request: head plus the whole body, already de-chunked.
package struct HTTPRequest: Sendable {
    package var head: HTTPRequestHead
    package var body: [UInt8]

    package init(head: HTTPRequestHead, body: [UInt8] = []) {
        self.head = head
        self.body = body
    }

    package var method: HTTPMethod { head.method }
    package var headers: HTTPHeaders { head.headers }
}
