/// Every limit and timeout the server enforces, with the defaults from the server core issue.
package struct HTTPServerLimits: Sendable {
    /// Longest request line; longer gets 414.
    package var maxRequestLineLength = 8 * 1024
    /// Largest header section (request line included); larger gets 431.
    package var maxHeaderSectionLength = 32 * 1024
    /// Most header fields; more gets 431.
    package var maxHeaderCount = 100
    /// Largest body unless a responder allows more for a route; larger gets 413 before the body is read.
    package var maxBodySize = 1024 * 1024
    /// Longest chunk extension or trailer section accepted in a chunked body.
    package var maxChunkMetadataLength = 4 * 1024

    /// Time allowed to receive a whole header section (408, then close).
    package var headerReadTimeout: Duration = .seconds(10)
    /// Longest silence allowed while a body is arriving.
    package var bodyReadIdleTimeout: Duration = .seconds(30)
    /// Time a body may take on top of what `minimumBodyRate` allows for the bytes received so far (408, then
    /// close). Without it a body trickled a byte every few seconds never falls silent for long enough to hit
    /// `bodyReadIdleTimeout` and holds its connection for as long as its client likes.
    package var bodyReadTimeout: Duration = .seconds(20)
    /// Bytes per second a body must average once `bodyReadTimeout` is used up: each byte received moves the
    /// body's deadline on by 1/rate seconds (Apache's `mod_reqtimeout`, `body=20,MinRate=...`), so an upload of
    /// any size at an honest speed is never cut. 0 leaves only the idle timeout.
    package var minimumBodyRate = 1024
    /// How long an idle keep-alive connection is kept.
    package var keepAliveIdleTimeout: Duration = .seconds(60)
    /// Longest time a write may make no progress.
    package var writeStallTimeout: Duration = .seconds(30)
    /// How long a graceful stop waits for requests in flight.
    package var shutdownGracePeriod: Duration = .seconds(10)

    /// Connections held at once across all loops; more are answered 503 and closed.
    package var maxConnections = 20_000

    package init() {}
}
