import Crypto
import Time

/// AWS Signature Version 4 for one region and service.
///
/// Portico calls IAM and STS over their Query APIs and signs each request itself rather than link an SDK: the
/// algorithm is four HMACs over a canonical form of the request, and AWS publishes a test suite that pins every
/// step (see `SigV4SignerTests`). The canonical forms live in `SigV4Signer+Canonical.swift`; this file derives the
/// key and assembles the header fields.
///
/// The session token, when there is one, is signed (it is part of the canonical request), which every AWS service
/// accepts; STS and IAM require it.
package struct SigV4Signer: Sendable {
    package static let algorithm = "AWS4-HMAC-SHA256"

    package let credentials: AWSCredentials
    package let region: String
    package let service: String

    package init(credentials: AWSCredentials, region: String, service: String) {
        self.credentials = credentials
        self.region = region
        self.service = service
    }

    /// The headers to send: `headers` plus `Host` (if absent), `X-Amz-Date`, `X-Amz-Security-Token` (with a session
    /// token) and `Authorization`, for a request at `epochSeconds`.
    ///
    /// Fields named `X-Amz-Date`, `X-Amz-Security-Token` or `Authorization` in `headers` are replaced: the signer
    /// owns them.
    package func sign(method: String, url: String, headers: [(name: String, value: String)], body: [UInt8], at epochSeconds: Int64)
        -> [(name: String, value: String)]
    {
        signature(method: method, url: url, headers: headers, body: body, at: epochSeconds).headers
    }

    /// Every step of signing one request, for `sign` and for tests that check each step against AWS's suite.
    package func signature(method: String, url: String, headers: [(name: String, value: String)], body: [UInt8], at epochSeconds: Int64)
        -> Signature
    {
        let (amzDate, day) = Self.timestamps(epochSeconds)
        let parts = SigV4URL(url)
        let owned: Set<String> = ["x-amz-date", "x-amz-security-token", "authorization"]
        var fields = headers.filter { !owned.contains($0.name.lowercased()) }
        if !fields.contains(where: { $0.name.lowercased() == "host" }) {
            fields.insert((name: "Host", value: parts.host), at: 0)
        }
        fields.append((name: "X-Amz-Date", value: amzDate))
        if let token = credentials.sessionToken {
            fields.append((name: "X-Amz-Security-Token", value: token))
        }

        let (canonicalHeaders, signedHeaders) = Self.canonicalHeaders(fields)
        let canonicalRequest = [
            method.uppercased(),
            Self.canonicalURI(parts.path),
            Self.canonicalQuery(parts.query),
            canonicalHeaders,
            signedHeaders,
            SHA256.hexHash(body),
        ].joined(separator: "\n")

        let scope = "\(day)/\(region)/\(service)/aws4_request"
        let stringToSign = [Self.algorithm, amzDate, scope, SHA256.hexHash(Array(canonicalRequest.utf8))].joined(separator: "\n")
        let signature = Hex.encode(HMAC.sha256(key: signingKey(day: day), message: Array(stringToSign.utf8)))
        let authorization =
            "\(Self.algorithm) Credential=\(credentials.accessKeyID)/\(scope), SignedHeaders=\(signedHeaders), Signature=\(signature)"
        fields.append((name: "Authorization", value: authorization))
        return Signature(canonicalRequest: canonicalRequest, stringToSign: stringToSign, authorization: authorization, headers: fields)
    }

    /// The derived key: the secret, then the day, region, service and `aws4_request`, each an HMAC-SHA256 key for the next.
    private func signingKey(day: String) -> [UInt8] {
        var key = Array("AWS4\(credentials.secretAccessKey)".utf8)
        for part in [day, region, service, "aws4_request"] {
            key = HMAC.sha256(key: key, message: Array(part.utf8))
        }
        return key
    }

    /// `20150830T123600Z` and `20150830`, in UTC.
    private static func timestamps(_ epochSeconds: Int64) -> (amzDate: String, day: String) {
        let time = UTCDateTime(epochSeconds: Int(epochSeconds))
        let day = pad(time.year, 4) + pad(time.month, 2) + pad(time.day, 2)
        return ("\(day)T\(pad(time.hour, 2))\(pad(time.minute, 2))\(pad(time.second, 2))Z", day)
    }

    private static func pad(_ value: Int, _ width: Int) -> String {
        let digits = String(value)
        return String(repeating: "0", count: max(0, width - digits.count)) + digits
    }
}

extension SigV4Signer {
    /// One signed request, step by step, as AWS's documentation names the steps.
    package struct Signature: Sendable {
        package var canonicalRequest: String
        package var stringToSign: String
        package var authorization: String
        /// The header fields to send, the signer's own included.
        package var headers: [(name: String, value: String)]
    }
}
