import HTTPServer
import Synchronization

/// A chat webhook on a loopback port that keeps every body it receives.
final class WebhookListener: HTTPResponder, Sendable {
    private let received = Mutex<[String]>([])

    var bodies: [String] { received.withLock { $0 } }

    func respond(to request: HTTPRequest, context: HTTPResponderContext) -> HTTPReply {
        received.withLock { $0.append(String(decoding: request.body, as: UTF8.self)) }
        return .response(HTTPResponse(status: .ok, contentType: "text/plain", body: Array("ok".utf8)))
    }
}
