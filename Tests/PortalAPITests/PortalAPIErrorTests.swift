import JSON
import PortalAPI
import Testing

/// Portal API refusals: the sso model's four exceptions, with `{"message":…}` bodies.
struct PortalAPIErrorTests {
    @Test(arguments: [
        (PortalAPIError.Kind.invalidRequest, "InvalidRequestException", 400), (.unauthorized, "UnauthorizedException", 401),
        (.tooManyRequests, "TooManyRequestsException", 429), (.resourceNotFound, "ResourceNotFoundException", 404),
    ])
    func everyKindHasTheModelsExceptionAndStatus(kind: PortalAPIError.Kind, exception: String, status: Int) throws {
        let error = PortalAPIError(kind, "Sign in again.")
        #expect(error.exceptionName == exception && error.status == status)
        #expect(error.headers.contains { $0.name == "x-amzn-ErrorType" && $0.value == exception })
        #expect(error.headers.contains { $0.name == "Content-Type" && $0.value == "application/json" })
        #expect(try JSONNode.parse(Array(error.body.utf8)) == .object(["message": .string("Sign in again.")]))
        #expect(error.body == #"{"message":"Sign in again."}"#)
    }
}
