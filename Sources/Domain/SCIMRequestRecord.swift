/// One request an identity provider made to the SCIM endpoint, as the Provisioning page shows it: what was
/// sent and what Portico answered, secrets removed and bodies cut short.
package struct SCIMRequestRecord: Hashable, Sendable {
    /// The most of each body a record keeps.
    package static let bodyLimit = 4096

    package var id: Int64
    package var time: Int
    package var tokenName: String
    package var method: String
    /// The path and query.
    package var target: String
    package var status: Int
    package var requestBody: String
    package var responseBody: String

    package init(
        id: Int64 = 0, time: Int, tokenName: String, method: String, target: String, status: Int, requestBody: String, responseBody: String
    ) {
        self.id = id
        self.time = time
        self.tokenName = tokenName
        self.method = method
        self.target = target
        self.status = status
        self.requestBody = requestBody
        self.responseBody = responseBody
    }
}
