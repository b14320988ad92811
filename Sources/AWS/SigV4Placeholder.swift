// Stand-in for the aws-sigv4 branch's signer until it is merged; removed by that merge.

package struct AWSCredentials: Sendable, Equatable {
    package var accessKeyID: String
    package var secretAccessKey: String
    package var sessionToken: String?
    package var expiration: Int64?

    package init(accessKeyID: String, secretAccessKey: String, sessionToken: String?, expiration: Int64?) {
        self.accessKeyID = accessKeyID
        self.secretAccessKey = secretAccessKey
        self.sessionToken = sessionToken
        self.expiration = expiration
    }
}

package struct SigV4Signer: Sendable {
    let credentials: AWSCredentials
    let region: String
    let service: String

    package init(credentials: AWSCredentials, region: String, service: String) {
        self.credentials = credentials
        self.region = region
        self.service = service
    }

    package func sign(method: String, url: String, headers: [(name: String, value: String)], body: [UInt8], at epochSeconds: Int64)
        -> [(name: String, value: String)]
    {
        headers + [("Authorization", "AWS4-HMAC-SHA256 Credential=\(credentials.accessKeyID)/unsigned/\(region)/\(service)/aws4_request")]
    }
}
