/// `StartDeviceAuthorization` (`POST /device_authorization`): a registered client asking for a device code
/// and a user code (RFC 8628 §3.1).
package struct StartDeviceAuthorizationRequest: Hashable, Sendable {
    package let clientId: String
    package let clientSecret: String
    /// The `sso_start_url` of the profile; the caller decides whether it names this portal.
    package let startUrl: String

    package static func parse(_ body: [UInt8]) throws(OIDCError) -> StartDeviceAuthorizationRequest {
        let body = try OIDCRequestBody(body)
        return StartDeviceAuthorizationRequest(
            clientId: try body.requiredString("clientId", maxLength: 1024),
            clientSecret: try body.requiredString("clientSecret", maxLength: 4096),
            startUrl: try body.requiredString("startUrl", maxLength: 2048))
    }
}
