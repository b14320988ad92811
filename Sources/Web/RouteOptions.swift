/// How a route runs: inline on the event loop or on the worker pool, and how large a body it accepts.
package struct RouteOptions: Sendable {
    /// The handler blocks (password hashing, signing, SQLite writes): the whole middleware chain and the
    /// handler then run through `HTTPResponderContext.offload`, leaving the event loop free.
    package var isOffloaded: Bool
    /// Overrides the server's default body limit for this route (uploads of metadata, directory files).
    package var maxBodySize: Int?

    package init(offloaded: Bool = false, maxBodySize: Int? = nil) {
        self.isOffloaded = offloaded
        self.maxBodySize = maxBodySize
    }

    package static let offloaded = RouteOptions(offloaded: true)

    package static func maxBodySize(_ bytes: Int) -> RouteOptions { RouteOptions(maxBodySize: bytes) }
}
