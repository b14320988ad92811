import Synchronization
import Time

/// Keeps the last credentials and asks the source again only when they are within `refreshMargin` seconds of
/// expiring (5 minutes, as AWS's SDKs do), so a signed request never leaves with keys about to lapse.
///
/// The lock is held while refreshing: callers at the moment of expiry wait for one fetch instead of each making one.
package final class CachingCredentialProvider: AWSCredentialProvider {
    package static let refreshMargin: Int64 = 300

    private let source: any AWSCredentialProvider
    private let clock: WallClock
    private let cached: Mutex<AWSCredentials?>

    package init(_ source: any AWSCredentialProvider, clock: WallClock = .system) {
        self.source = source
        self.clock = clock
        cached = Mutex(nil)
    }

    package func credentials() throws(AWSCredentialError) -> AWSCredentials {
        let now = Int64(clock.epochSeconds)
        return try cached.withLock { (current: inout AWSCredentials?) throws(AWSCredentialError) -> AWSCredentials in
            if let credentials = current, credentials.expiration.map({ now < $0 - Self.refreshMargin }) ?? true {
                return credentials
            }
            let fresh = try source.credentials()
            current = fresh
            return fresh
        }
    }
}
