import HTTPServer
import Testing

/// The connection logic driven by hand: bytes, responses and a fake clock; no sockets.
struct HTTPConnectionStateMachineTests {
    private static let simpleGet = "GET /a HTTP/1.1\r\nHost: t\r\n\r\n"

    private func machine(limits: HTTPServerLimits = HTTPServerLimits(), now: MonotonicMilliseconds = 0, maxBody: Int = 1024)
        -> HTTPConnectionStateMachine
    {
        HTTPConnectionStateMachine(limits: limits, now: now) { _ in maxBody }
    }

    private func feed(_ machine: inout HTTPConnectionStateMachine, _ text: String, at now: MonotonicMilliseconds = 0)
        -> HTTPConnectionStateMachine.Action
    {
        Array(text.utf8).withUnsafeBytes { machine.receive($0, now: now) }
    }

    private func dispatched(_ action: HTTPConnectionStateMachine.Action) -> HTTPRequest? {
        if case .dispatch(let request) = action { return request }
        return nil
    }

    private func plan(_ action: HTTPConnectionStateMachine.Action) -> HTTPResponsePlan? {
        if case .write(let plan) = action { return plan }
        return nil
    }

    private func isClose(_ action: HTTPConnectionStateMachine.Action?) -> Bool {
        if case .close? = action { return true }
        return false
    }

    private func isReadMore(_ action: HTTPConnectionStateMachine.Action) -> Bool {
        if case .readMore = action { return true }
        return false
    }

    private func isWait(_ action: HTTPConnectionStateMachine.Action) -> Bool {
        if case .wait = action { return true }
        return false
    }

    @Test func aRequestIsDispatchedAnsweredAndTheConnectionKeptAlive() {
        var connection = machine()
        let request = dispatched(feed(&connection, Self.simpleGet))
        #expect(request?.head.target == "/a")
        #expect(!connection.wantsInput)
        let write = plan(connection.responseReady(HTTPResponse(status: .ok), now: 1))
        #expect(write?.closeAfter == false)
        #expect(isReadMore(connection.writeCompleted(now: 2)))
        #expect(connection.wantsInput)
    }

    @Test func pipelinedRequestsWaitUntilTheCurrentResponseIsWritten() {
        var connection = machine()
        let first = dispatched(feed(&connection, Self.simpleGet + "GET /b HTTP/1.1\r\nHost: t\r\n\r\n"))
        #expect(first?.head.target == "/a")
        // The second request is buffered, but nothing happens for it yet.
        #expect(isWait(connection.process(now: 1)))
        _ = connection.responseReady(HTTPResponse(status: .ok), now: 1)
        #expect(isWait(connection.process(now: 1)))
        let second = dispatched(connection.writeCompleted(now: 2))
        #expect(second?.head.target == "/b")
    }

    @Test func headAndNoContentResponsesOmitTheBody() {
        var connection = machine()
        _ = feed(&connection, "HEAD /a HTTP/1.1\r\nHost: t\r\n\r\n")
        #expect(plan(connection.responseReady(HTTPResponse(status: .ok, contentType: "text/plain", body: "x"), now: 0))?.omitBody == true)
        _ = connection.writeCompleted(now: 0)
        _ = feed(&connection, Self.simpleGet)
        #expect(plan(connection.responseReady(HTTPResponse(status: .noContent), now: 0))?.omitBody == true)
    }

    @Test(arguments: [
        ("GET / HTTP/1.0\r\n\r\n", true),
        ("GET / HTTP/1.0\r\nConnection: keep-alive\r\n\r\n", false),
        ("GET / HTTP/1.1\r\nHost: t\r\nConnection: close\r\n\r\n", true),
        ("GET / HTTP/1.1\r\nHost: t\r\n\r\n", false),
    ])
    func connectionPersistenceFollowsVersionAndConnectionHeader(request: String, closes: Bool) {
        var connection = machine()
        _ = feed(&connection, request)
        #expect(plan(connection.responseReady(HTTPResponse(status: .ok), now: 0))?.closeAfter == closes)
    }

    @Test func responderAskingToCloseClosesAfterTheWrite() {
        var connection = machine()
        _ = feed(&connection, Self.simpleGet)
        let write = plan(connection.responseReady(HTTPResponse(status: .ok, headers: ["Connection": "close"]), now: 0))
        #expect(write?.closeAfter == true)
        #expect(isClose(connection.writeCompleted(now: 0)))
    }

    @Test func tooLargeBodyIsRefusedFromTheHeadAlone() {
        var connection = machine(maxBody: 10)
        let write = plan(feed(&connection, "POST / HTTP/1.1\r\nHost: t\r\nContent-Length: 11\r\n\r\n"))
        #expect(write?.response.status == .contentTooLarge)
        #expect(write?.closeAfter == true)
    }

    @Test func theResponderMayAnswerARefusalWhoseHeadWasReadInItsOwnFormat() {
        var connection = HTTPConnectionStateMachine(
            limits: HTTPServerLimits(), now: 0, maxBodySize: { _ in 10 },
            refusal: { status, head in
                head.target.hasPrefix("/scim") ? HTTPResponse(status: status, contentType: "application/scim+json", body: "{}") : nil
            })
        let scim = plan(feed(&connection, "POST /scim/v2/Users HTTP/1.1\r\nHost: t\r\nContent-Length: 11\r\n\r\n"))
        #expect(scim?.response.status == .contentTooLarge)
        #expect(scim?.response.headers["Content-Type"] == "application/scim+json")
        #expect(scim?.closeAfter == true)

        var chunked = HTTPConnectionStateMachine(
            limits: HTTPServerLimits(), now: 0, maxBodySize: { _ in 4 },
            refusal: { status, _ in HTTPResponse(status: status, contentType: "application/json", body: "{}") })
        let tooLong = plan(feed(&chunked, "POST /x HTTP/1.1\r\nHost: t\r\nTransfer-Encoding: chunked\r\n\r\n5\r\nhello\r\n"))
        #expect(tooLong?.response.status == .contentTooLarge)
        #expect(tooLong?.response.headers["Content-Type"] == "application/json", "the head was read, so the responder answers")

        var garbage = HTTPConnectionStateMachine(
            limits: HTTPServerLimits(), now: 0, maxBodySize: { _ in 4 },
            refusal: { status, _ in HTTPResponse(status: status, contentType: "application/json", body: "{}") })
        let malformed = plan(feed(&garbage, "GET / HTTP/9.9\r\n\r\n"))
        #expect(malformed?.response.headers["Content-Type"]?.hasPrefix("text/plain") == true, "no head, no responder")
    }

    @Test func bodyArrivingInPiecesIsCollected() {
        var connection = machine()
        #expect(isReadMore(feed(&connection, "POST / HTTP/1.1\r\nHost: t\r\nContent-Length: 6\r\n\r\nab")))
        #expect(isReadMore(feed(&connection, "cd")))
        #expect(dispatched(feed(&connection, "ef"))?.body == Array("abcdef".utf8))
    }

    @Test func expectContinueAsksForTheBodyOnlyWhenItIsAcceptable() {
        var connection = machine()
        guard case .sendContinue = feed(&connection, "PUT / HTTP/1.1\r\nHost: t\r\nContent-Length: 2\r\nExpect: 100-continue\r\n\r\n")
        else {
            Issue.record("expected 100 Continue")
            return
        }
        #expect(isReadMore(connection.process(now: 0)))
        #expect(dispatched(feed(&connection, "ok"))?.body == Array("ok".utf8))

        var refusing = machine(maxBody: 1)
        #expect(
            plan(feed(&refusing, "PUT / HTTP/1.1\r\nHost: t\r\nContent-Length: 2\r\nExpect: 100-continue\r\n\r\n"))?.response.status
                == .contentTooLarge)
    }

    @Test func aPartialHeadTimesOutWith408() {
        var connection = machine()
        #expect(isReadMore(feed(&connection, "GET / HTTP/1.1\r\n", at: 100)))
        #expect(connection.checkTimeouts(now: 9_999) == nil)
        let write = connection.checkTimeouts(now: 10_000).flatMap(plan)
        #expect(write?.response.status == .requestTimeout)
        #expect(write?.closeAfter == true)
    }

    @Test func aTrickledHeadStillTimesOutFromItsFirstByte() {
        var connection = machine()
        var now: MonotonicMilliseconds = 0
        _ = feed(&connection, "GET / HTTP/1.1\r\n", at: now)
        while now < 9_000 {
            now += 1_000
            _ = feed(&connection, "X: y\r\n", at: now)
        }
        #expect(connection.checkTimeouts(now: 10_000).flatMap(plan)?.response.status == .requestTimeout)
    }

    @Test func aFreshConnectionThatSendsNothingIsClosedAfterTheHeaderTimeout() {
        var connection = machine(now: 0)
        #expect(connection.checkTimeouts(now: 9_999) == nil)
        #expect(isClose(connection.checkTimeouts(now: 10_000)))
    }

    @Test func anIdleKeepAliveConnectionIsClosedAfterSixtySeconds() {
        var connection = machine()
        _ = feed(&connection, Self.simpleGet)
        _ = connection.responseReady(HTTPResponse(status: .ok), now: 0)
        _ = connection.writeCompleted(now: 1_000)
        #expect(connection.checkTimeouts(now: 60_999) == nil)
        #expect(isClose(connection.checkTimeouts(now: 61_000)))
    }

    @Test func aStalledBodyTimesOutAfterThirtySecondsOfSilence() {
        var limits = HTTPServerLimits()
        limits.bodyReadTimeout = .seconds(300)  // Only the silence counts here.
        var connection = machine(limits: limits)
        _ = feed(&connection, "POST / HTTP/1.1\r\nHost: t\r\nContent-Length: 10\r\n\r\nab", at: 0)
        _ = feed(&connection, "cd", at: 20_000)
        #expect(connection.checkTimeouts(now: 49_999) == nil)
        #expect(connection.checkTimeouts(now: 50_000).flatMap(plan)?.response.status == .requestTimeout)
    }

    @Test func aBodyTrickledAByteEveryFiveSecondsTimesOutWith408() {
        var connection = machine()
        var now: MonotonicMilliseconds = 0
        _ = feed(&connection, "POST / HTTP/1.1\r\nHost: t\r\nContent-Length: 1000\r\n\r\n", at: now)
        // Never silent for the 30 s idle timeout, but far below the 1 KiB/s minimum rate.
        while now < 15_000 {
            now += 5_000
            #expect(isReadMore(feed(&connection, "x", at: now)))
            #expect(connection.checkTimeouts(now: now) == nil)
        }
        // Due 20 s after the head, plus 1000/1024 ms for each of the three bytes (2 ms, rounded down): 408, then close.
        #expect(connection.checkTimeouts(now: 20_001) == nil)
        let write = connection.checkTimeouts(now: 20_002).flatMap(plan)
        #expect(write?.response.status == .requestTimeout)
        #expect(write?.closeAfter == true)
    }

    @Test func aChunkedBodyTrickleTimesOutLikeASizedOne() {
        var connection = machine()
        _ = feed(&connection, "POST / HTTP/1.1\r\nHost: t\r\nTransfer-Encoding: chunked\r\n\r\n", at: 0)
        for second in 1...19 {
            #expect(isReadMore(feed(&connection, "1\r\nx\r\n", at: MonotonicMilliseconds(second) * 1_000)))
        }
        #expect(connection.checkTimeouts(now: 20_000) == nil)
        #expect(connection.checkTimeouts(now: 20_019).flatMap(plan)?.response.status == .requestTimeout)
    }

    @Test func anUploadAtTheMinimumRateIsNeverCutHoweverLongItTakes() {
        var connection = machine(maxBody: 1 << 20)
        let length = 256 * 1024
        _ = feed(&connection, "POST / HTTP/1.1\r\nHost: t\r\nContent-Length: \(length)\r\n\r\n", at: 0)
        // 1 KiB a second, a little late at the start: over four minutes, well past the 20 s allowance.
        let piece = [UInt8](repeating: 0x61, count: 1024)
        var action = HTTPConnectionStateMachine.Action.readMore
        for second in 0..<(length / 1024) {
            let now = MonotonicMilliseconds(second) * 1_000 + 5_000
            #expect(connection.checkTimeouts(now: now) == nil, "second \(second)")
            action = piece.withUnsafeBytes { connection.receive($0, now: now) }
        }
        #expect(dispatched(action)?.body.count == length)
    }

    @Test func aZeroMinimumRateLeavesOnlyTheIdleTimeout() {
        var limits = HTTPServerLimits()
        limits.minimumBodyRate = 0
        var connection = machine(limits: limits)
        _ = feed(&connection, "POST / HTTP/1.1\r\nHost: t\r\nContent-Length: 10\r\n\r\n", at: 0)
        for second in stride(from: 20, through: 100, by: 20) {
            _ = feed(&connection, "x", at: MonotonicMilliseconds(second) * 1_000)
            #expect(connection.checkTimeouts(now: MonotonicMilliseconds(second) * 1_000 + 29_999) == nil)
        }
    }

    @Test func aStalledWriteIsClosedButProgressKeepsItAlive() {
        var connection = machine()
        _ = feed(&connection, Self.simpleGet)
        _ = connection.responseReady(HTTPResponse(status: .ok), now: 0)
        connection.writeProgressed(now: 20_000)
        #expect(connection.checkTimeouts(now: 49_999) == nil)
        #expect(isClose(connection.checkTimeouts(now: 50_000)))
    }

    @Test func onlyAConnectionWithNoRequestInProgressCountsAsIdle() {
        var connection = machine(now: 100)
        #expect(connection.idleSince == 100, "fresh, nothing sent yet")
        _ = feed(&connection, "POST / HTTP/1.1\r\nHost: t\r\nContent-Length: 2\r\n\r\na", at: 200)
        #expect(connection.idleSince == nil, "reading a body")
        _ = feed(&connection, "b", at: 300)
        #expect(connection.idleSince == nil, "awaiting the response")
        _ = connection.responseReady(HTTPResponse(status: .ok), now: 400)
        #expect(connection.idleSince == nil, "writing")
        _ = connection.writeCompleted(now: 500)
        #expect(connection.idleSince == 500, "kept alive between requests")
        _ = feed(&connection, "GET / HT", at: 600)
        #expect(connection.idleSince == nil, "a head begun")
    }

    @Test func waitingForTheResponderHasNoTimeout() {
        var connection = machine()
        _ = feed(&connection, Self.simpleGet)
        #expect(connection.checkTimeouts(now: 1_000_000) == nil)
    }

    @Test func shutdownClosesIdleConnectionsAndLetsBusyOnesFinish() {
        var idle = machine()
        #expect(isClose(idle.beginShutdown()))

        var busy = machine()
        _ = feed(&busy, Self.simpleGet)
        #expect(isWait(busy.beginShutdown()))
        #expect(plan(busy.responseReady(HTTPResponse(status: .ok), now: 0))?.closeAfter == true)
        #expect(isClose(busy.writeCompleted(now: 0)))
    }

    @Test func aHalfClosedClientStillGetsItsAnswer() {
        var connection = machine()
        _ = feed(&connection, Self.simpleGet)
        #expect(isWait(connection.readEOF()))
        #expect(plan(connection.responseReady(HTTPResponse(status: .ok), now: 0))?.closeAfter == true)
        #expect(isClose(connection.writeCompleted(now: 0)))
    }

    @Test func eofBetweenRequestsCloses() {
        var connection = machine()
        #expect(isClose(connection.readEOF()))
    }

    @Test func streamsAreChunkedForHttp11AndCloseDelimitedForHttp10() {
        final class Empty: HTTPBodyStream {
            func next() -> [UInt8]? { nil }
        }
        var modern = machine()
        _ = feed(&modern, Self.simpleGet)
        let chunked = plan(modern.responseReady(HTTPResponse(status: .ok, body: .stream(Empty())), now: 0))
        #expect(chunked?.chunked == true)
        #expect(chunked?.closeAfter == false)

        var old = machine()
        _ = feed(&old, "GET / HTTP/1.0\r\nConnection: keep-alive\r\n\r\n")
        let delimited = plan(old.responseReady(HTTPResponse(status: .ok, body: .stream(Empty())), now: 0))
        #expect(delimited?.chunked == false)
        #expect(delimited?.closeAfter == true)
    }

    @Test func malformedInputIsAnsweredAndClosed() {
        var connection = machine()
        let write = plan(feed(&connection, "NOT A REQUEST\r\n\r\n"))
        #expect(write?.response.status == .badRequest)
        #expect(write?.closeAfter == true)
        #expect(isClose(connection.writeCompleted(now: 0)))
    }
}
