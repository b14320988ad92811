/// Milliseconds on a monotonic clock: a plain integer so tests can drive time by hand.
package typealias MonotonicMilliseconds = Int64

/// The protocol logic of one connection as a value: events in, actions out, no sockets and no clock.
///
/// The event loop feeds it bytes, responses and timer ticks and performs the actions it returns; tests drive
/// it the same way with a fake clock (the shape of Hummingbird's `HTTPConnectionStateHandler`). It handles one
/// request at a time: while a response is pending or being written it asks for nothing more, so pipelined
/// requests wait in the input buffer and are answered strictly in order (RFC 9112 §9.3.2; SwiftNIO's
/// `HTTPServerPipelineHandler` explains why a server should not read ahead).
package struct HTTPConnectionStateMachine {
    /// What the event loop must do next.
    package enum Action {
        /// Nothing to do until more bytes arrive.
        case readMore
        /// Hand the request to the responder, then report its response with `responseReady`.
        case dispatch(HTTPRequest)
        /// Write `100 Continue`, then call `process` again.
        case sendContinue
        /// Write the response, then report `writeCompleted`.
        case write(HTTPResponsePlan)
        /// Close the connection now without writing anything more.
        case close
        /// Nothing to do until the pending response arrives or the write finishes.
        case wait
    }

    private enum Phase: Equatable {
        case awaitingHead
        case readingBody
        case awaitingResponse
        case writing
        case closed
    }

    private let limits: HTTPServerLimits
    private let maxBodySize: (HTTPRequestHead) -> Int
    private let refusal: (HTTPStatus, HTTPRequestHead) -> HTTPResponse?
    private var phase = Phase.awaitingHead
    private var parser: HTTPRequestHeadParser
    private var input: [UInt8] = []
    private var inputStart = 0
    /// The head parsed, until its request is handed to the responder.
    private var head: HTTPRequestHead?
    /// What answering the current request needs to know of it, kept once the head has gone with the request.
    private var exchange: Exchange?
    private var body: [UInt8] = []
    private var bodyRemaining = 0
    private var chunkedDecoder: ChunkedBodyDecoder?
    /// True between requests until the first byte of the next head arrives.
    private var isIdle = true
    /// True until the first request has been answered: a fresh connection gets the header timeout, not keep-alive's.
    private var isFresh = true
    /// When the current phase's clock started: idle since, head started, last body or write progress.
    private var timerStart: MonotonicMilliseconds
    /// When reading the current body began; its deadline runs from here (see `bodyDeadline`).
    private var bodyStart: MonotonicMilliseconds = 0
    private var closeAfterWrite = false
    private var shuttingDown = false

    /// - Parameter refusal: the responder's own answer to a refused request whose head was read (see
    ///   `HTTPResponder.refusal`); nil keeps the plain-text one.
    package init(
        limits: HTTPServerLimits, now: MonotonicMilliseconds, maxBodySize: @escaping (HTTPRequestHead) -> Int,
        refusal: @escaping (HTTPStatus, HTTPRequestHead) -> HTTPResponse? = { _, _ in nil }
    ) {
        self.limits = limits
        self.maxBodySize = maxBodySize
        self.refusal = refusal
        self.parser = HTTPRequestHeadParser(limits: limits)
        self.timerStart = now
    }

    /// True while the machine would act on more input (the loop stops reading otherwise).
    package var wantsInput: Bool { phase == .awaitingHead || phase == .readingBody }

    private var unreadCount: Int { input.count - inputStart }

    /// Since when no request has been in progress: a fresh connection that has sent nothing yet, or a keep-alive
    /// one between requests. Nil while a request is read, answered or written: closing then would lose work.
    package var idleSince: MonotonicMilliseconds? { phase == .awaitingHead && isIdle ? timerStart : nil }

    // MARK: Events

    /// Bytes arrived from the socket.
    package mutating func receive(_ bytes: UnsafeRawBufferPointer, now: MonotonicMilliseconds) -> Action {
        guard phase != .closed else { return .close }
        if inputStart == input.count {
            input.removeAll(keepingCapacity: input.capacity <= 16 * 1024)
            inputStart = 0
        }
        input.append(contentsOf: bytes)
        if phase == .awaitingHead, isIdle {
            isIdle = false
            if !isFresh { timerStart = now }
        } else if phase == .readingBody {
            timerStart = now
        }
        return process(now: now)
    }

    /// The peer closed its sending side.
    package mutating func readEOF() -> Action {
        switch phase {
        case .awaitingResponse, .writing:
            // A client may half-close after sending its request; it still gets the answer.
            closeAfterWrite = true
            return .wait
        case .awaitingHead, .readingBody, .closed:
            phase = .closed
            return .close
        }
    }

    /// The responder's answer to the request handed out with `.dispatch`.
    package mutating func responseReady(_ response: HTTPResponse, now: MonotonicMilliseconds) -> Action {
        guard phase == .awaitingResponse, let exchange else { return phase == .closed ? .close : .wait }
        let omitBody = exchange.isHEAD || response.status.forbidsBody
        var keepAlive =
            exchange.keepAlive && !shuttingDown && !closeAfterWrite
            && !response.headers.containsToken("close", in: "Connection")
        var chunked = false
        if case .stream = response.body, !omitBody {
            // HTTP/1.0 has no chunked coding: the end of a stream is the end of the connection.
            if exchange.version == .http1_0 { keepAlive = false } else { chunked = true }
        }
        return beginWriting(
            HTTPResponsePlan(
                response: response, omitBody: omitBody, chunked: chunked, closeAfter: !keepAlive,
                keepAliveHTTP10: keepAlive && exchange.version == .http1_0),
            now: now)
    }

    /// Some bytes of the response were written; resets the write-stall clock.
    package mutating func writeProgressed(now: MonotonicMilliseconds) {
        if phase == .writing { timerStart = now }
    }

    /// The whole response has been written.
    package mutating func writeCompleted(now: MonotonicMilliseconds) -> Action {
        guard phase == .writing else { return phase == .closed ? .close : .wait }
        if closeAfterWrite {
            phase = .closed
            return .close
        }
        phase = .awaitingHead
        head = nil
        exchange = nil
        isFresh = false
        isIdle = unreadCount == 0
        timerStart = now
        return process(now: now)
    }

    /// A graceful stop began: idle connections close now, busy ones after their current response.
    package mutating func beginShutdown() -> Action {
        shuttingDown = true
        switch phase {
        case .awaitingHead, .closed:
            phase = .closed
            return .close
        case .readingBody, .awaitingResponse, .writing:
            closeAfterWrite = true
            return .wait
        }
    }

    /// Checks the timeout of the current phase.
    package mutating func checkTimeouts(now: MonotonicMilliseconds) -> Action? {
        let elapsed = now - timerStart
        switch phase {
        case .awaitingHead where isIdle && !isFresh:
            return elapsed >= limits.keepAliveIdleTimeout.milliseconds ? close() : nil
        case .awaitingHead where isIdle:
            return elapsed >= limits.headerReadTimeout.milliseconds ? close() : nil
        case .awaitingHead:
            return elapsed >= limits.headerReadTimeout.milliseconds ? fail(.requestTimeout, now: now) : nil
        case .readingBody:
            let late = elapsed >= limits.bodyReadIdleTimeout.milliseconds || now >= bodyDeadline
            return late ? fail(.requestTimeout, now: now) : nil
        case .writing:
            return elapsed >= limits.writeStallTimeout.milliseconds ? close() : nil
        case .awaitingResponse, .closed:
            return nil
        }
    }

    // MARK: Processing

    /// Works through buffered input: parses a head, reads a body, or says what it is waiting for.
    package mutating func process(now: MonotonicMilliseconds) -> Action {
        switch phase {
        case .awaitingHead:
            return parseHead(now: now)
        case .readingBody:
            return readBody(now: now)
        case .awaitingResponse, .writing:
            return .wait
        case .closed:
            return .close
        }
    }

    private mutating func parseHead(now: MonotonicMilliseconds) -> Action {
        guard unreadCount > 0 else { return shuttingDown ? close() : .readMore }
        let start = inputStart
        let result = input.withUnsafeBytes { parser.parse(UnsafeRawBufferPointer(rebasing: $0[start...])) }
        // Consumed, and the head moved rather than copied along: every copy retains each of its strings.
        switch consume result {
        case .needMore:
            return .readMore
        case .invalid(let status):
            return fail(status, now: now)
        case .complete(let parsedHead, let consumed):
            inputStart += consumed
            parser.reset()
            exchange = Exchange(isHEAD: parsedHead.method == .head, version: parsedHead.version, keepAlive: parsedHead.keepAlive)
            let limit = maxBodySize(parsedHead)
            let framing = parsedHead.framing
            let waitsForContinue = parsedHead.expectsContinue && parsedHead.version == .http1_1
            head = consume parsedHead
            return startBody(framing: framing, limit: limit, waitsForContinue: waitsForContinue, now: now)
        }
    }

    private mutating func startBody(framing: HTTPBodyFraming, limit: Int, waitsForContinue: Bool, now: MonotonicMilliseconds) -> Action {
        switch framing {
        case .none, .contentLength(0):
            return dispatch()
        case .contentLength(let length):
            // Refused before a byte of the body is read (and before 100 Continue invites it).
            guard length <= limit else { return fail(.contentTooLarge, now: now) }
            bodyRemaining = length
            body.reserveCapacity(min(length, 64 * 1024))
        case .chunked:
            chunkedDecoder = ChunkedBodyDecoder(maxBodySize: limit, maxMetadataLength: limits.maxChunkMetadataLength)
        }
        phase = .readingBody
        timerStart = now
        bodyStart = now
        if waitsForContinue, unreadCount == 0 { return .sendContinue }
        return readBody(now: now)
    }

    private mutating func readBody(now: MonotonicMilliseconds) -> Action {
        if var decoder = chunkedDecoder {
            let start = inputStart
            let result = input.withUnsafeBytes { decoder.decode(UnsafeRawBufferPointer(rebasing: $0[start...]), into: &body) }
            chunkedDecoder = decoder
            switch result {
            case .complete(let consumed):
                inputStart += consumed
                chunkedDecoder = nil
                return dispatch()
            case .needMore(let consumed):
                inputStart += consumed
                return .readMore
            case .invalid(let status):
                chunkedDecoder = nil
                return fail(status, now: now)
            }
        }
        let take = min(bodyRemaining, unreadCount)
        body.append(contentsOf: input[inputStart..<(inputStart + take)])
        inputStart += take
        bodyRemaining -= take
        return bodyRemaining == 0 ? dispatch() : .readMore
    }

    /// When the body being read must be complete: `bodyReadTimeout` after it began, plus the time
    /// `minimumBodyRate` allows for the bytes decoded so far. Counting what arrived rather than a declared length
    /// treats chunked and sized bodies alike, and a client that declares a large body but trickles it gets no
    /// more time for the declaration.
    private var bodyDeadline: MonotonicMilliseconds {
        guard limits.minimumBodyRate > 0 else { return .max }
        return bodyStart + limits.bodyReadTimeout.milliseconds + MonotonicMilliseconds(body.count) * 1000
            / MonotonicMilliseconds(limits.minimumBodyRate)
    }

    private mutating func dispatch() -> Action {
        guard let head = head.take() else { return close() }
        phase = .awaitingResponse
        let request = HTTPRequest(head: head, body: body)
        body = []
        return .dispatch(request)
    }

    private mutating func beginWriting(_ plan: HTTPResponsePlan, now: MonotonicMilliseconds) -> Action {
        phase = .writing
        closeAfterWrite = closeAfterWrite || plan.closeAfter
        timerStart = now
        var plan = plan
        plan.closeAfter = closeAfterWrite
        return .write(plan)
    }

    /// Answers with an error status and closes: after a framing error the stream cannot be trusted.
    private mutating func fail(_ status: HTTPStatus, now: MonotonicMilliseconds) -> Action {
        closeAfterWrite = true
        let response =
            head.flatMap { refusal(status, $0) }
            ?? HTTPResponse(status: status, contentType: "text/plain; charset=utf-8", body: "\(status.reasonPhrase)\n")
        let omitBody = exchange?.isHEAD == true
        return beginWriting(HTTPResponsePlan(response: response, omitBody: omitBody, chunked: false, closeAfter: true), now: now)
    }

    private mutating func close() -> Action {
        phase = .closed
        return .close
    }
}

/// What the state machine keeps of a request while it is being answered.
private struct Exchange {
    var isHEAD: Bool
    var version: HTTPVersion
    var keepAlive: Bool
}

/// A response together with how the writer must frame it.
package struct HTTPResponsePlan {
    package var response: HTTPResponse
    /// HEAD requests and 1xx/204/304 responses carry no content.
    package var omitBody: Bool
    /// Use `Transfer-Encoding: chunked` (streams to HTTP/1.1 clients).
    package var chunked: Bool
    /// Close the connection once written; the writer then sends `Connection: close`.
    package var closeAfter: Bool
    /// An HTTP/1.0 client asked for keep-alive and gets it: say so explicitly.
    package var keepAliveHTTP10: Bool

    package init(response: HTTPResponse, omitBody: Bool, chunked: Bool, closeAfter: Bool, keepAliveHTTP10: Bool = false) {
        self.response = response
        self.omitBody = omitBody
        self.chunked = chunked
        self.closeAfter = closeAfter
        self.keepAliveHTTP10 = keepAliveHTTP10
    }
}

extension Duration {
    /// Whole milliseconds, for the monotonic clock the loops use.
    package var milliseconds: Int64 {
        let (seconds, attoseconds) = components
        return seconds * 1000 + attoseconds / 1_000_000_000_000_000
    }
}
