import HTTPClient

/// Sends one HTTP request and returns the response: `HTTPSClient` in production, a scripted double in tests.
package protocol AWSHTTPTransport: Sendable {
    func send(_ request: OutboundRequest) throws(OutboundError) -> OutboundResponse
}

extension HTTPSClient: AWSHTTPTransport {}
