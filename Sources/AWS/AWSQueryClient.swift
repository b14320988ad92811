import Crypto
import HTTPClient
import SAML
import Time

/// Sends AWS Query API calls (`Action=…&Version=…` as a form POST) to one service, signed with SigV4, and
/// returns the response's XML root.
///
/// Every call waits for a slot of the shared `AWSCallLimit`, is counted in `counter`, and is tried again
/// with backoff (`AWSRetryPolicy`) when AWS throttles (`Throttling`, `ThrottlingException`,
/// `RequestLimitExceeded`, HTTP 429), fails on its side (5xx), or cannot be reached. Other errors come back
/// at once as `AWSCallError.service`. Blocking, like `HTTPSClient`: call it from a worker thread.
package struct AWSQueryClient: Sendable {
    package var endpoint: AWSServiceURL
    /// The SigV4 service name: `iam`, `sts`.
    package var service: String
    /// The API version every call names: `2010-05-08` for IAM, `2011-06-15` for STS.
    package var version: String
    package var retry: AWSRetryPolicy
    package var limit: AWSCallLimit
    package var counter: AWSCallCounter
    private let credentials: @Sendable () throws(AWSCallError) -> AWSCredentials
    private let transport: any AWSHTTPTransport
    private let clock: WallClock

    package init(
        endpoint: AWSServiceURL, service: String, version: String,
        credentials: @escaping @Sendable () throws(AWSCallError) -> AWSCredentials, transport: any AWSHTTPTransport = HTTPSClient(),
        retry: AWSRetryPolicy = AWSRetryPolicy(), limit: AWSCallLimit = .shared, counter: AWSCallCounter = AWSCallCounter(),
        clock: WallClock = .system
    ) {
        self.endpoint = endpoint
        self.service = service
        self.version = version
        self.credentials = credentials
        self.transport = transport
        self.retry = retry
        self.limit = limit
        self.counter = counter
        self.clock = clock
    }

    package static let formContentType = "application/x-www-form-urlencoded; charset=utf-8"

    /// Calls `action` with `parameters` (flattened Query names such as `Tags.member.1.Key`) and returns the root
    /// of a successful response. `isWrite` counts it among the calls that change something.
    package func call(_ action: String, _ parameters: [(String, String)] = [], isWrite: Bool) throws(AWSCallError) -> PlainXMLElement {
        let body = Array(Self.formBody([("Action", action), ("Version", version)] + parameters).utf8)
        var attempt = 1
        while true {
            do {
                return try attemptCall(action, body: body, isWrite: isWrite)
            } catch {
                guard attempt < retry.maximumAttempts, Self.isRetryable(error) else { throw error }
                retry.sleep(retry.delay(afterAttempt: attempt))
                attempt += 1
            }
        }
    }

    private func attemptCall(_ action: String, body: [UInt8], isWrite: Bool) throws(AWSCallError) -> PlainXMLElement {
        let signer = SigV4Signer(credentials: try credentials(), region: endpoint.signingRegion, service: service)
        let headers = signer.sign(
            method: "POST", url: endpoint.url, headers: [("Content-Type", Self.formContentType)], body: body,
            at: Int64(clock.epochSeconds))
        let request = OutboundRequest(method: "POST", url: endpoint.url, headers: headers, body: body)
        let response: OutboundResponse
        do {
            response = try limit.withSlot { () throws(OutboundError) -> OutboundResponse in
                counter.record(isWrite: isWrite)
                return try transport.send(request)
            }
        } catch {
            throw .unreachable(action: action, error)
        }
        let text = String(decoding: response.body, as: UTF8.self)
        let root: PlainXMLElement
        do {
            root = try PlainXMLElement.parse(text)
        } catch {
            let reason = response.body.isEmpty ? "the body is empty" : "the body is not well-formed XML"
            // A bare 429 or 503 from a load balancer is still worth another try.
            if response.status == 429 || response.status >= 500 {
                throw .service(
                    AWSServiceError(
                        action: action, code: "HTTP\(response.status)", message: reason, status: response.status, requestID: nil))
            }
            throw .unreadableResponse(action: action, status: response.status, reason: reason)
        }
        if let error = AWSServiceError(action: action, errorResponse: root, status: response.status) { throw .service(error) }
        guard (200..<300).contains(response.status) else {
            throw .unreadableResponse(action: action, status: response.status, reason: "an error status without an ErrorResponse")
        }
        guard root.name == "\(action)Response" else {
            throw .unreadableResponse(action: action, status: response.status, reason: "its root element is \(root.name)")
        }
        return root
    }

    static func isRetryable(_ error: AWSCallError) -> Bool {
        switch error {
        case .service(let error): error.isRetryable
        case .unreachable(_, let error): error.kind == .couldNotConnect || error.kind == .timedOut
        case .unreadableResponse, .credentials: false
        }
    }

    /// `application/x-www-form-urlencoded` with RFC 3986 percent-encoding, which SigV4's canonical form expects.
    static func formBody(_ fields: [(String, String)]) -> String {
        fields.map { "\(PercentEncoding.encode($0.0))=\(PercentEncoding.encode($0.1))" }.joined(separator: "&")
    }
}
