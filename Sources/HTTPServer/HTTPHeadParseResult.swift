/// What `HTTPRequestHeadParser.parse(_:)` made of the bytes buffered so far.
package enum HTTPHeadParseResult: Sendable {
    /// A whole head; `consumed` bytes of the buffer belong to it (leading empty lines included),
    /// the rest is body or the next pipelined request.
    case complete(HTTPRequestHead, consumed: Int)
    /// The head is not finished yet; call again with the same bytes plus more.
    case needMore
    /// The head can never become valid: answer with this status and close the connection.
    case invalid(HTTPStatus)
}
