import HTTPServer
import Synchronization

/// Request counters, latency histograms and values read from elsewhere, rendered in Prometheus text
/// format 0.0.4 for `/metrics`.
///
/// Recording a request takes one uncontended lock and two hash lookups keyed by integers (the route's id,
/// a method index, the status): no label string is built until someone scrapes. Methods outside the
/// standard set count as `other`, and unmatched paths as route `unmatched`, so a scanner cannot create
/// unbounded series.
package final class Metrics: Sendable {
    /// Upper bounds in seconds, from a cached page (0.5 ms) to a stuck upstream (10 s).
    package static let defaultBuckets: [Double] = [0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10]

    package enum Kind: String, Sendable {
        case gauge, counter
    }

    private static let methods: [HTTPMethod] = [.get, .head, .post, .put, .patch, .delete, .options]
    private static let unmatchedRouteID = -1

    private struct RequestKey: Hashable {
        var routeID: Int
        /// Index into `methods`, or `methods.count` for any other method.
        var method: Int
        var status: Int
    }

    private struct Histogram {
        var pattern: String
        /// Per bucket, not cumulative; the last slot is `+Inf`.
        var counts: [UInt64]
        var sum: Double = 0
    }

    private struct State {
        var requests: [RequestKey: UInt64] = [:]
        var histograms: [Int: Histogram] = [:]
    }

    private struct External: Sendable {
        var name: String
        var help: String
        var kind: Kind
        var value: @Sendable () -> Double
    }

    private let buckets: [Double]
    private let state = Mutex(State())
    private let external = Mutex<[External]>([])

    package init(buckets: [Double] = Metrics.defaultBuckets) {
        precondition(zip(buckets, buckets.dropFirst()).allSatisfy { $0 < $1 }, "histogram buckets must increase")
        self.buckets = buckets
    }

    /// Counts one request and its duration under its route pattern.
    package func observe(route: Route?, method: HTTPMethod, status: Int, durationNanoseconds: UInt64) {
        let seconds = Double(durationNanoseconds) / 1e9
        let bucket = buckets.firstIndex { seconds <= $0 } ?? buckets.count
        let key = RequestKey(
            routeID: route?.id ?? Self.unmatchedRouteID, method: Self.methods.firstIndex(of: method) ?? Self.methods.count,
            status: status)
        state.withLock { state in
            state.requests[key, default: 0] += 1
            if state.histograms[key.routeID] == nil {
                state.histograms[key.routeID] = Histogram(
                    pattern: route?.pattern ?? "unmatched", counts: Array(repeating: 0, count: buckets.count + 1))
            }
            state.histograms[key.routeID]!.counts[bucket] += 1
            state.histograms[key.routeID]!.sum += seconds
        }
    }

    /// Publishes a value read at every scrape, e.g. open connections from the server.
    package func addGauge(_ name: String, help: String, value: @escaping @Sendable () -> Double) {
        external.withLock { $0.append(External(name: name, help: help, kind: .gauge, value: value)) }
    }

    /// Publishes a counter kept elsewhere, e.g. SQLite busy retries from the database.
    package func addCounter(_ name: String, help: String, value: @escaping @Sendable () -> Double) {
        external.withLock { $0.append(External(name: name, help: help, kind: .counter, value: value)) }
    }

    /// The exposition text for a scrape.
    package func render() -> String {
        let snapshot = state.withLock { $0 }
        var text = ""
        text += "# HELP portico_http_requests_total HTTP requests answered, by route pattern, method and status.\n"
        text += "# TYPE portico_http_requests_total counter\n"
        let requests = snapshot.requests.map { key, count in
            (route: snapshot.histograms[key.routeID]?.pattern ?? "unmatched", method: Self.methodLabel(key.method), status: key.status, count: count)
        }
        for row in requests.sorted(by: { ($0.route, $0.method, $0.status) < ($1.route, $1.method, $1.status) }) {
            text += "portico_http_requests_total{route=\"\(Self.escape(row.route))\",method=\"\(row.method)\",status=\"\(row.status)\"} \(row.count)\n"
        }
        text += "# HELP portico_http_request_duration_seconds Time to produce a response, by route pattern.\n"
        text += "# TYPE portico_http_request_duration_seconds histogram\n"
        for histogram in snapshot.histograms.values.sorted(by: { $0.pattern < $1.pattern }) {
            let route = "route=\"\(Self.escape(histogram.pattern))\""
            var cumulative: UInt64 = 0
            for (index, count) in histogram.counts.enumerated() {
                cumulative += count
                let bound = index < buckets.count ? Self.format(buckets[index]) : "+Inf"
                text += "portico_http_request_duration_seconds_bucket{\(route),le=\"\(bound)\"} \(cumulative)\n"
            }
            text += "portico_http_request_duration_seconds_sum{\(route)} \(Self.format(histogram.sum))\n"
            text += "portico_http_request_duration_seconds_count{\(route)} \(cumulative)\n"
        }
        for metric in external.withLock({ $0 }) {
            text += "# HELP \(metric.name) \(metric.help)\n"
            text += "# TYPE \(metric.name) \(metric.kind.rawValue)\n"
            text += "\(metric.name) \(Self.format(metric.value()))\n"
        }
        return text
    }

    /// The `/metrics` response.
    package func response() -> HTTPResponse {
        HTTPResponse(status: .ok, contentType: "text/plain; version=0.0.4; charset=utf-8", body: render())
    }

    private static func methodLabel(_ index: Int) -> String {
        index < methods.count ? methods[index].rawValue : "other"
    }

    /// Integral values without a fraction (`1`, not `1.0`), as Prometheus's own clients write them.
    private static func format(_ value: Double) -> String {
        if value.isNaN { return "NaN" }
        if value.isInfinite { return value > 0 ? "+Inf" : "-Inf" }
        if value == value.rounded(), abs(value) < 1e15 { return String(Int64(value)) }
        return value.description
    }

    /// Label values escape backslash, double quote and newline (the text format's only escapes).
    private static func escape(_ value: String) -> String {
        guard value.contains(where: { $0 == "\\" || $0 == "\"" || $0 == "\n" }) else { return value }
        var escaped = ""
        for character in value {
            switch character {
            case "\\": escaped += "\\\\"
            case "\"": escaped += "\\\""
            case "\n": escaped += "\\n"
            default: escaped.append(character)
            }
        }
        return escaped
    }
}
