import Foundation
import Glibc
import HTTPServer
import Synchronization
import Testing

@testable import Web

struct AccessLogTests {
    static func parse(_ line: String) throws -> [String: Any] {
        try #require(try JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: Any])
    }

    static func application(log: AccessLog) -> WebApplication {
        var router = Router()
        router.get("/healthz") { _ in .text("ok") }
        router.post("/login") { request in
            _ = try request.form()
            return .html("<p>welcome</p>")
        }
        router.get("/admin/users/:id") { _ in .text("user") }
        return WebApplication(router: router, middleware: [RequestIDMiddleware(), AccessLogMiddleware(log: log)], log: log)
    }

    @Test func writesOneJSONObjectPerRequest() throws {
        let captured = CapturedLog()
        let response = Self.application(log: captured.log).send(.get, "/admin/users/42?token=secret-token")
        let lines = captured.lines
        #expect(lines.count == 1)
        let entry = try Self.parse(lines[0])
        #expect(entry["level"] as? String == "info")
        #expect(entry["request_id"] as? String == response.headers["X-Request-Id"])
        #expect(entry["method"] as? String == "GET")
        #expect(entry["path"] as? String == "/admin/users/42")
        #expect(entry["route"] as? String == "/admin/users/:id")
        #expect(entry["status"] as? Int == 200)
        #expect(entry["bytes"] as? Int == 4)
        #expect(entry["remote_address"] as? String == "127.0.0.1")
        #expect((entry["duration_ms"] as? Double).map { $0 >= 0 && $0 < 10_000 } == true)
        let time = try #require(entry["time"] as? String)
        #expect(time.wholeMatch(of: /\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z/) != nil)
        let formatter = ISO8601DateFormatter()
        formatter.formatOptions = [.withInternetDateTime, .withFractionalSeconds]
        let logged = try #require(formatter.date(from: time))
        #expect(abs(logged.timeIntervalSinceNow) < 60)
    }

    @Test func neverLogsQueriesCookiesOrFormFields() throws {
        let captured = CapturedLog()
        let application = Self.application(log: captured.log)
        _ = application.send(
            .post, "/login?return_to=%2Fstart%3Fsecret%3D1",
            headers: [
                "Cookie": "portico_session=cookie-secret", "Content-Type": "application/x-www-form-urlencoded",
                "Authorization": "Bearer bearer-secret",
            ],
            body: Array("email=a%40b.c&password=hunter2".utf8))
        let line = try #require(captured.lines.first)
        for secret in ["secret", "cookie-secret", "hunter2", "bearer-secret", "return_to", "?"] {
            #expect(!line.contains(secret), "the log line must not contain \(secret)")
        }
        #expect(try Self.parse(line)["path"] as? String == "/login")
    }

    @Test func logsUnmatchedRequestsWithANullRoute() throws {
        let captured = CapturedLog()
        _ = Self.application(log: captured.log).send(.get, "/wp-login.php")
        let entry = try Self.parse(try #require(captured.lines.first))
        #expect(entry["status"] as? Int == 404)
        #expect(entry["route"] is NSNull)
    }

    @Test func escapesStringsSoEveryLineStaysOneJSONObject() throws {
        let captured = CapturedLog()
        let hostile = "/a\"b\\c\nd\te\u{01}f\u{7F}é"
        captured.log.record(
            AccessLog.Entry(
                requestID: "r1", method: HTTPMethod(rawValue: "GET"), path: hostile[...], status: 200, bytes: 0,
                durationNanoseconds: 1_234_567, remoteAddress: "::1", route: nil))
        let lines = captured.lines
        #expect(lines.count == 1)
        let entry = try Self.parse(lines[0])
        #expect(entry["path"] as? String == hostile)
        #expect(lines[0].contains(#""duration_ms":1.234"#))
    }

    @Test func escapesEveryASCIICharacterAtEveryOffsetOfAWord() throws {
        let captured = CapturedLog()
        var expected: [String] = []
        for scalar in (0..<128).compactMap(Unicode.Scalar.init) {
            for offset in 0..<17 {
                let value =
                    String(repeating: "a", count: offset) + String(Character(scalar)) + "é"
                    + String(repeating: "b", count: 16 - offset)
                expected.append(value)
                captured.log.log(.info, value)
            }
        }
        let messages = try captured.lines.map { try Self.parse($0)["message"] as? String }
        #expect(messages == expected)
    }

    @Test func keepsLinesLongerThanTheStackBufferWhole() throws {
        let captured = CapturedLog()
        let long = String(repeating: "x\"y", count: 2_000)
        captured.log.log(.info, long)
        #expect(try Self.parse(try #require(captured.lines.first))["message"] as? String == long)
    }

    @Test func writesFreeFormEventsWithFields() throws {
        let captured = CapturedLog()
        captured.log.log(.warning, "listening", fields: [("address", "127.0.0.1:8080"), ("odd \"key\"\n", "value")])
        let entry = try Self.parse(try #require(captured.lines.first))
        #expect(entry["level"] as? String == "warning")
        #expect(entry["message"] as? String == "listening")
        #expect(entry["address"] as? String == "127.0.0.1:8080")
        #expect(entry["odd \"key\"\n"] as? String == "value", "a key chosen at run time is escaped like a value")
        #expect(entry["request_id"] == nil)
    }

    @Test func buffersUntilFlushed() {
        let writes = Atomic<Int>(0)
        let log = AccessLog(output: .handler { _ in writes.add(1, ordering: .relaxed) }, flushInterval: .seconds(3600))
        for _ in 0..<100 { log.log(.info, "event") }
        #expect(writes.load(ordering: .relaxed) == 0)
        log.flush()
        #expect(writes.load(ordering: .relaxed) == 1)
    }

    @Test func aFullBufferWakesTheFlusherAndTheCallerNeverWrites() {
        let writes = Atomic<Int>(0)
        let writesOnCaller = Atomic<Int>(0)
        let caller = pthread_self()
        let log = AccessLog(
            output: .handler { _ in
                writes.add(1, ordering: .relaxed)
                if pthread_equal(pthread_self(), caller) != 0 { writesOnCaller.add(1, ordering: .relaxed) }
            }, flushInterval: .seconds(3600), flushThreshold: 1_024)
        for _ in 0..<100 { log.log(.info, "an event long enough to fill a kilobyte in a few dozen lines") }
        // The hour-long interval has not passed: only the threshold can have triggered a write.
        for _ in 0..<1_000 where writes.load(ordering: .relaxed) == 0 { usleep(2_000) }
        #expect(writes.load(ordering: .relaxed) >= 1)
        #expect(writesOnCaller.load(ordering: .relaxed) == 0)
        withExtendedLifetime(log) {}
    }

    @Test func flushesOnATimerFromABackgroundThread() throws {
        let captured = Mutex<[UInt8]>([])
        let log = AccessLog(output: .handler { bytes in captured.withLock { $0 += bytes } }, flushInterval: .milliseconds(10))
        log.log(.info, "tick")
        let deadline = ContinuousClock.now + .seconds(5)
        while captured.withLock({ $0.isEmpty }) && ContinuousClock.now < deadline { usleep(5_000) }
        #expect(String(decoding: captured.withLock { $0 }, as: UTF8.self).contains("tick"))
        withExtendedLifetime(log) {}
    }

    @Test func dropsAndCountsLinesWhenTheOutputCannotKeepUp() throws {
        let output = Mutex<[UInt8]>([])
        let log = AccessLog(
            output: .handler { bytes in output.withLock { $0 += bytes } }, flushInterval: .seconds(3600), flushThreshold: 1 << 30,
            maxBufferedBytes: 200)
        for _ in 0..<10 { log.log(.info, "event") }
        log.flush()
        let lines = String(decoding: output.withLock { $0 }, as: UTF8.self).split(separator: "\n").map(String.init)
        let warning = try Self.parse(try #require(lines.first))
        #expect(warning["dropped_lines"] as? Int == 10 - (lines.count - 1))
        #expect(lines.count - 1 < 10)
    }

    @Test func writesToAFileDescriptor() throws {
        var fds: [Int32] = [0, 0]
        #expect(pipe(&fds) == 0)
        defer { close(fds[0]) }
        let log = AccessLog(output: .fileDescriptor(fds[1]), flushInterval: .seconds(3600))
        log.log(.info, "through a pipe")
        log.flush()
        close(fds[1])
        var buffer = [UInt8](repeating: 0, count: 4096)
        let count = read(fds[0], &buffer, buffer.count)
        let line = String(decoding: buffer[..<max(count, 0)], as: UTF8.self)
        #expect(line.hasSuffix("\n"))
        #expect(try Self.parse(line)["message"] as? String == "through a pipe")
    }
}
