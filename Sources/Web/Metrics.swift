import HTTPServer
import Synchronization

/// Request counters, latency histograms and values read from elsewhere, rendered in Prometheus text
/// format 0.0.4 for `/metrics`.
///
/// Recording a request takes one uncontended lock and array indexing by the route's id: no hashing, and
/// no label string is built until someone scrapes. Methods outside the standard set count as `other`,
/// and unmatched paths as route `unmatched`, so a scanner cannot create unbounded series.
package final class Metrics: Sendable {
    /// Upper bounds in seconds, from a cached page (0.5 ms) to a stuck upstream (10 s).
    package static let defaultBuckets: [Double] = [
        0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10,
    ]

    package enum Kind: String, Sendable {
        case gauge, counter
    }

    /// Everything recorded for one route (one method of one pattern).
    private struct RouteSeries {
        var pattern: String
        /// Per bucket, not cumulative; the last slot is `+Inf`.
        var buckets: [UInt64]
        var sum: Double = 0
        /// A handful per route, so a short array beats hashing.
        var requests: [(method: KnownMethod, status: Int, count: UInt64)] = []

        mutating func record(method: KnownMethod, status: Int, bucket: Int, seconds: Double) {
            buckets[bucket] += 1
            sum += seconds
            if let index = requests.firstIndex(where: { $0.method == method && $0.status == status }) {
                requests[index].count += 1
            } else {
                requests.append((method, status, 1))
            }
        }
    }

    private struct External: Sendable {
        var name: String
        var help: String
        var kind: Kind
        var value: @Sendable () -> Double
    }

    private let buckets: [Double]
    /// Indexed by route id + 1; slot 0 is every request that matched no route.
    private let series = Mutex<[RouteSeries?]>([])
    private let external = Mutex<[External]>([])

    package init(buckets: [Double] = Metrics.defaultBuckets) {
        precondition(zip(buckets, buckets.dropFirst()).allSatisfy { $0 < $1 }, "histogram buckets must increase")
        self.buckets = buckets
    }

    /// Counts one request and its duration under its route pattern.
    package func observe(route: Route?, method: HTTPMethod, status: Int, durationNanoseconds: UInt64) {
        observe(route: route, methodKey: KnownMethod(method), status: status, durationNanoseconds: durationNanoseconds)
    }

    func observe(route: Route?, methodKey method: KnownMethod, status: Int, durationNanoseconds: UInt64) {
        let seconds = Double(durationNanoseconds) / 1e9
        var bucket = 0
        while bucket < buckets.count && seconds > buckets[bucket] { bucket += 1 }
        let slot = (route?.id ?? -1) + 1
        series.withLock { series in
            if slot >= series.count { series.append(contentsOf: repeatElement(nil, count: slot - series.count + 1)) }
            if series[slot] == nil {
                series[slot] = RouteSeries(
                    pattern: route?.pattern ?? "unmatched", buckets: Array(repeating: 0, count: buckets.count + 1))
            }
            series[slot]!.record(method: method, status: status, bucket: bucket, seconds: seconds)
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
        // Routes that share a pattern (GET and POST /login) are one series: merge them by pattern.
        var requests: [String: UInt64] = [:]
        var histograms: [String: (buckets: [UInt64], sum: Double)] = [:]
        for route in series.withLock({ $0 }) {
            guard let route else { continue }
            for request in route.requests {
                let labels =
                    "route=\"\(Self.escape(route.pattern))\",method=\"\(Self.label(request.method))\",status=\"\(request.status)\""
                requests[labels, default: 0] += request.count
            }
            var merged = histograms[route.pattern] ?? (Array(repeating: 0, count: buckets.count + 1), 0)
            for index in merged.buckets.indices { merged.buckets[index] += route.buckets[index] }
            merged.sum += route.sum
            histograms[route.pattern] = merged
        }

        var text = ""
        text += "# HELP portico_http_requests_total HTTP requests answered, by route pattern, method and status.\n"
        text += "# TYPE portico_http_requests_total counter\n"
        for (labels, count) in requests.sorted(by: { $0.key < $1.key }) {
            text += "portico_http_requests_total{\(labels)} \(count)\n"
        }
        text += "# HELP portico_http_request_duration_seconds Time to produce a response, by route pattern.\n"
        text += "# TYPE portico_http_request_duration_seconds histogram\n"
        for (pattern, histogram) in histograms.sorted(by: { $0.key < $1.key }) {
            let route = "route=\"\(Self.escape(pattern))\""
            var cumulative: UInt64 = 0
            for (index, count) in histogram.buckets.enumerated() {
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

    private static func label(_ method: KnownMethod) -> String {
        method.method?.rawValue ?? "other"
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
