/// What `ChunkedBodyDecoder.decode(_:into:)` made of the bytes it was given.
package enum ChunkedDecodeResult: Equatable, Sendable {
    /// The body ended (trailer section included) after `consumed` bytes of this input; the rest belongs to
    /// the next request.
    case complete(consumed: Int)
    /// Every byte up to `consumed` was used; the body continues in bytes not received yet.
    case needMore(consumed: Int)
    /// The body can never become valid: answer with this status and close the connection.
    case invalid(HTTPStatus)
}
