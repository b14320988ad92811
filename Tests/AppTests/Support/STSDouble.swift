import AWS
import Foundation
import HTTPServer
import Synchronization

/// AWS STS's `AssumeRoleWithSAML` on a loopback port, answering as AWS does (the Query protocol's XML) and
/// recording every form body it receives. STS is AWS's part, not Portico's, so a double stands in for it here.
final class STSDouble: HTTPResponder, Sendable {
    /// What the double answers next.
    enum Answer: Sendable {
        case credentials
        /// An `ErrorResponse` with this HTTP status, code and message.
        case error(status: Int, code: String, message: String)
    }

    static let accessKeyID = "ASIAPORTICOTEST12345"
    static let secretAccessKey = "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY+s"
    static let sessionToken = "FwoGZXIvYXdzEBYaDPorticoSessionToken/With+Base64=="
    static let expiration = "2030-01-02T03:04:05Z"

    private let answer = Mutex<Answer>(.credentials)
    private let received = Mutex<[String]>([])

    func answer(with next: Answer) { answer.withLock { $0 = next } }

    /// Every form body so far, decoded into fields.
    var requests: [[String: String]] {
        received.withLock { $0 }.map { body in
            var fields: [String: String] = [:]
            for pair in body.split(separator: "&") {
                let parts = pair.split(separator: "=", maxSplits: 1, omittingEmptySubsequences: false)
                let name = String(parts[0]).removingPercentEncoding ?? ""
                fields[name] = parts.count > 1 ? String(parts[1]).removingPercentEncoding : ""
            }
            return fields
        }
    }

    func respond(to request: HTTPRequest, context: HTTPResponderContext) -> HTTPReply {
        received.withLock { $0.append(String(decoding: request.body, as: UTF8.self)) }
        let role = requests.last?["RoleArn"] ?? ""
        switch answer.withLock({ $0 }) {
        case .credentials:
            let xml = """
                <AssumeRoleWithSAMLResponse xmlns="https://sts.amazonaws.com/doc/2011-06-15/">
                  <AssumeRoleWithSAMLResult>
                    <Credentials>
                      <AccessKeyId>\(Self.accessKeyID)</AccessKeyId>
                      <SecretAccessKey>\(Self.secretAccessKey)</SecretAccessKey>
                      <SessionToken>\(Self.sessionToken)</SessionToken>
                      <Expiration>\(Self.expiration)</Expiration>
                    </Credentials>
                    <AssumedRoleUser>
                      <AssumedRoleId>AROAEXAMPLE:alice@example.com</AssumedRoleId>
                      <Arn>\(role.replacingOccurrences(of: ":iam:", with: ":sts:").replacingOccurrences(of: ":role/", with: ":assumed-role/"))/alice@example.com</Arn>
                    </AssumedRoleUser>
                    <Subject>user</Subject><SubjectType>persistent</SubjectType>
                  </AssumeRoleWithSAMLResult>
                  <ResponseMetadata><RequestId>c6104cbe-af31-11e0-8154-cbc7ccf896c7</RequestId></ResponseMetadata>
                </AssumeRoleWithSAMLResponse>
                """
            return .response(HTTPResponse(status: .ok, contentType: "text/xml", body: Array(xml.utf8)))
        case .error(let status, let code, let message):
            let xml = """
                <ErrorResponse xmlns="https://sts.amazonaws.com/doc/2011-06-15/">
                  <Error><Type>Sender</Type><Code>\(code)</Code><Message>\(message)</Message></Error>
                  <RequestId>4b5d0b7e-8c2a-4b43-9c6f-5d0e2f9a1b2c</RequestId>
                </ErrorResponse>
                """
            return .response(HTTPResponse(status: HTTPStatus(code: status), contentType: "text/xml", body: Array(xml.utf8)))
        }
    }

    /// Runs `body` with a double listening on a loopback port and the endpoint setting that names it.
    static func run(_ body: (STSDouble, STSEndpoint) throws -> Void) throws {
        let double = STSDouble()
        let server = HTTPServer(
            configuration: HTTPServerConfiguration(host: "127.0.0.1", port: 0, loopCount: 1, workerCount: 1), responder: double)
        try server.start()
        defer {
            server.shutdown()
            server.wait()
        }
        try body(double, try STSEndpoint.parse("http://127.0.0.1:\(server.port)"))
    }
}
