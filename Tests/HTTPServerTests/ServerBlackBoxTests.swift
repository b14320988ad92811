import Foundation
import Glibc
import HTTPServer
import Synchronization
import TestSupport
import Testing

/// The real server on a loopback socket, driven byte for byte by a raw client.
struct ServerBlackBoxTests {
    @Test func servesAGetWithDateAndLength() throws {
        try withServer { server in
            let response = try TestClient(port: server.port).exchange("GET /hello?x=1 HTTP/1.1\r\nHost: t\r\n\r\n")
            #expect(response.status == 200)
            #expect(response.text == "GET /hello?x=1 0\n")
            #expect(response.header("Content-Length") == "17")
            #expect(response.header("Date")?.hasSuffix(" GMT") == true)
            #expect(response.header("Connection") == nil)
        }
    }

    @Test(arguments: [
        ("garbage request line", "\u{1}\u{2}garbage\r\n\r\n", 400),
        ("HTTP/2.0 request line", "GET / HTTP/2.0\r\nHost: t\r\n\r\n", 505),
        ("100 KB URL", "GET /" + String(repeating: "a", count: 100_000) + " HTTP/1.1\r\nHost: t\r\n\r\n", 414),
        ("400 headers", "GET / HTTP/1.1\r\nHost: t\r\n" + (0..<400).map { "X-H\($0): v\r\n" }.joined() + "\r\n", 431),
        (
            "Content-Length with Transfer-Encoding",
            "POST / HTTP/1.1\r\nHost: t\r\nContent-Length: 5\r\nTransfer-Encoding: chunked\r\n\r\n0\r\n\r\n", 400
        ),
        ("unknown transfer coding", "POST / HTTP/1.1\r\nHost: t\r\nTransfer-Encoding: gzip\r\n\r\n", 501),
        ("missing Host", "GET / HTTP/1.1\r\n\r\n", 400),
        (
            "chunk framing with bare LFs",
            "POST / HTTP/1.1\r\nHost: t\r\nTransfer-Encoding: chunked\r\n\r\n3\nx=1\n0\n\nGET /smuggled HTTP/1.1\r\nHost: t\r\n\r\n", 400
        ),
    ])
    func malformedRequestsGetTheirStatusAndAClose(name: String, request: String, status: Int) throws {
        try withServer { server in
            let client = try TestClient(port: server.port)
            let response = try client.exchange(request)
            #expect(response.status == status, "\(name)")
            #expect(response.header("Connection") == "close", "\(name)")
            #expect(client.waitForClose(), "\(name)")
            #expect(try assertAlive(server))
        }
    }

    @Test func hundredMegabyteBodyIsRefusedBeforeItIsSent() throws {
        try withServer { server in
            let client = try TestClient(port: server.port)
            // Only the head is sent: a 413 must come back without the server waiting for 100 MB.
            let response = try client.exchange("POST /upload HTTP/1.1\r\nHost: t\r\nContent-Length: 100000000\r\n\r\n")
            #expect(response.status == 413)
            #expect(client.waitForClose())
            #expect(try assertAlive(server))
        }
    }

    @Test func aRouteMayAllowALargerBody() throws {
        try withServer { server in
            let body = String(repeating: "z", count: 2 * 1024 * 1024)
            let response = try TestClient(port: server.port).exchange(
                "POST /big-upload HTTP/1.1\r\nHost: t\r\nContent-Length: \(body.utf8.count)\r\n\r\n\(body)")
            #expect(response.status == 200)
            #expect(response.text.hasPrefix("POST /big-upload 2097152\n"))
        }
    }

    @Test(arguments: ["/../etc/passwd", "/%2e%2e/%2e%2e/etc/passwd", "/static/..%2f..%2fsecret"])
    func dotSegmentsReachTheResponderUndecoded(target: String) throws {
        // The core never decodes or normalizes: the router decides (and refuses) with full knowledge.
        try withServer { server in
            let response = try TestClient(port: server.port).exchange("GET \(target) HTTP/1.1\r\nHost: t\r\n\r\n")
            #expect(response.status == 200)
            #expect(response.text == "GET \(target) 0\n")
        }
    }

    @Test func pipelinedRequestsAreAnsweredInOrder() throws {
        try withServer { server in
            let client = try TestClient(port: server.port)
            // The first one is offloaded and slow; the later ones must still come after it.
            try client.send(
                "GET /slow HTTP/1.1\r\nHost: t\r\n\r\nGET /second HTTP/1.1\r\nHost: t\r\n\r\nPOST /third HTTP/1.1\r\nHost: t\r\nContent-Length: 3\r\n\r\nabc"
            )
            #expect(try client.readResponse().text == "slow done")
            #expect(try client.readResponse().text == "GET /second 0\n")
            #expect(try client.readResponse().text == "POST /third 3\nabc")
        }
    }

    @Test func headGetsHeadersWithoutBody() throws {
        try withServer { server in
            let client = try TestClient(port: server.port)
            let head = try client.exchange("HEAD /page HTTP/1.1\r\nHost: t\r\n\r\n", head: true)
            #expect(head.status == 200)
            #expect(head.header("Content-Length") == "13")
            // If any body bytes had been sent, this response would be garbled.
            let next = try client.exchange("GET /next HTTP/1.1\r\nHost: t\r\n\r\n")
            #expect(next.text == "GET /next 0\n")
        }
    }

    @Test func noContentHasNoLengthAndNoBody() throws {
        try withServer { server in
            let client = try TestClient(port: server.port)
            let response = try client.exchange("GET /no-content HTTP/1.1\r\nHost: t\r\n\r\n")
            #expect(response.status == 204)
            #expect(response.header("Content-Length") == nil)
            #expect(try client.exchange("GET /after HTTP/1.1\r\nHost: t\r\n\r\n").text == "GET /after 0\n")
        }
    }

    @Test func http10ClosesUnlessKeepAliveIsAsked() throws {
        try withServer { server in
            let plain = try TestClient(port: server.port)
            let first = try plain.exchange("GET /a HTTP/1.0\r\n\r\n")
            #expect(first.status == 200)
            #expect(first.header("Connection") == "close")
            #expect(plain.waitForClose())

            let keepAlive = try TestClient(port: server.port)
            let second = try keepAlive.exchange("GET /b HTTP/1.0\r\nConnection: keep-alive\r\n\r\n")
            #expect(second.header("Connection") == "keep-alive")
            #expect(try keepAlive.exchange("GET /c HTTP/1.0\r\nConnection: keep-alive\r\n\r\n").text == "GET /c 0\n")
        }
    }

    @Test func chunkedRequestBodyIsDecoded() throws {
        try withServer { server in
            let response = try TestClient(port: server.port).exchange(
                "POST /chunked HTTP/1.1\r\nHost: t\r\nTransfer-Encoding: chunked\r\n\r\n5\r\nhello\r\n6;ext=1\r\n world\r\n0\r\n\r\n")
            #expect(response.text == "POST /chunked 11\nhello world")
        }
    }

    @Test func expectContinueGetsAnInterimResponseBeforeTheBody() throws {
        try withServer { server in
            let client = try TestClient(port: server.port)
            try client.send("PUT /upload HTTP/1.1\r\nHost: t\r\nContent-Length: 4\r\nExpect: 100-continue\r\n\r\n")
            #expect(try client.readResponse().status == 100)
            try client.send("data")
            #expect(try client.readResponse().text == "PUT /upload 4\ndata")
        }
    }

    @Test func streamedResponseIsChunkedAndHttp10StreamIsCloseDelimited() throws {
        try withServer { server in
            let client = try TestClient(port: server.port)
            let response = try client.exchange("GET /stream HTTP/1.1\r\nHost: t\r\n\r\n")
            #expect(response.header("Transfer-Encoding") == "chunked")
            #expect(response.text == "alpha-beta-gamma")
            #expect(try client.exchange("GET /again HTTP/1.1\r\nHost: t\r\n\r\n").status == 200)

            let old = try TestClient(port: server.port)
            let oldResponse = try old.exchange("GET /stream HTTP/1.0\r\nConnection: keep-alive\r\n\r\n")
            #expect(oldResponse.header("Transfer-Encoding") == nil)
            #expect(oldResponse.header("Connection") == "close")
            #expect(oldResponse.text == "alpha-beta-gamma")
        }
    }

    @Test func largeFileReachesASlowReaderIntact() throws {
        let path = FileManager.default.temporaryDirectory.appendingPathComponent(
            "portico-file-\(getpid())-\(UInt32.random(in: 0...UInt32.max))"
        ).path
        let content = (0..<(6 * 1024 * 1024)).map { UInt8(truncatingIfNeeded: $0 &* 31 &+ $0 >> 11) }
        #expect(FileManager.default.createFile(atPath: path, contents: Data(content)))
        defer { unlink(path) }
        try withServer(responder: EchoResponder(filePath: path)) { server in
            let client = try TestClient(port: server.port)
            try client.send("GET /file HTTP/1.1\r\nHost: t\r\n\r\n")
            // Not reading for a while fills the socket buffers, so the server must resume on EPOLLOUT.
            usleep(300_000)
            let response = try client.readResponse()
            #expect(response.header("Content-Length") == "\(content.count)")
            #expect(response.body == content)
            #expect(try client.exchange("GET /after-file HTTP/1.1\r\nHost: t\r\n\r\n").status == 200)
        }
    }

    @Test func offloadedWorkDoesNotBlockTheLoop() throws {
        // One loop only: if the slow request blocked it, the quick one would wait 300 ms.
        try withServer(loops: 1) { server in
            let slow = try TestClient(port: server.port)
            try slow.send("GET /slow HTTP/1.1\r\nHost: t\r\n\r\n")
            let quick = try TestClient(port: server.port)
            quick.setTimeout(seconds: 0, microseconds: 200_000)
            #expect(try quick.exchange("GET /quick HTTP/1.1\r\nHost: t\r\n\r\n").status == 200)
            #expect(try slow.readResponse().text == "slow done")
        }
    }

    @Test func slowlorisIsCutOffWhileOthersAreServed() throws {
        var limits = HTTPServerLimits()
        limits.headerReadTimeout = .seconds(1)
        try withServer(limits: limits, loops: 1) { server in
            let loris = try TestClient(port: server.port)
            try loris.send("GET / HTTP/1.1\r\nHost: t\r\n")
            var got408 = false
            for round in 0..<15 {
                // Another client is served promptly while the trickle goes on.
                let other = try TestClient(port: server.port)
                #expect(try other.exchange("GET /other-\(round) HTTP/1.1\r\nHost: t\r\n\r\n").status == 200)
                do {
                    try loris.send("X-Trickle-\(round): 1\r\n")
                } catch {
                    break
                }
                usleep(200_000)
            }
            loris.setTimeout(seconds: 2)
            if let response = try? loris.readResponse() { got408 = response.status == 408 }
            #expect(got408)
            #expect(loris.waitForClose())
            #expect(try assertAlive(server))
        }
    }

    @Test func aBodyTrickledBelowTheMinimumRateIsCutWith408() throws {
        var limits = HTTPServerLimits()
        limits.bodyReadTimeout = .seconds(1)
        try withServer(limits: limits, loops: 1) { server in
            let trickle = try TestClient(port: server.port)
            try trickle.send("POST /upload HTTP/1.1\r\nHost: t\r\nContent-Length: 1000\r\n\r\n")
            let started = ContinuousClock.now
            // A byte every 200 ms: never silent for the 30 s idle timeout, far below 1 KiB/s.
            for _ in 0..<15 {
                guard (try? trickle.send("x")) != nil else { break }
                usleep(200_000)
            }
            trickle.setTimeout(seconds: 2)
            #expect((try? trickle.readResponse())?.status == 408)
            #expect(trickle.waitForClose())
            // Cut about a second in (plus a 250 ms sweep), not when the 1000 bytes would have come.
            #expect(ContinuousClock.now - started < .seconds(4))
            #expect(try assertAlive(server))
        }
    }

    @Test func aLargeUploadAtAnHonestSpeedOutlastsTheBodyAllowance() throws {
        var limits = HTTPServerLimits()
        limits.bodyReadTimeout = .seconds(1)
        limits.minimumBodyRate = 1024 * 1024
        try withServer(limits: limits) { server in
            let client = try TestClient(port: server.port)
            let length = 8 * 1024 * 1024
            try client.send("POST /big-upload HTTP/1.1\r\nHost: t\r\nContent-Length: \(length)\r\n\r\n")
            // About 5 MiB/s for 1.6 s: longer than the allowance, well above the minimum rate.
            let piece = [UInt8](repeating: 0x61, count: 512 * 1024)
            for _ in 0..<(length / piece.count) {
                try client.send(piece)
                usleep(100_000)
            }
            let response = try client.readResponse()
            #expect(response.status == 200)
            #expect(response.body.count == "POST /big-upload \(length)\n".utf8.count + length)
        }
    }

    @Test func idleKeepAliveConnectionIsClosedAfterItsTimeout() throws {
        var limits = HTTPServerLimits()
        limits.keepAliveIdleTimeout = .milliseconds(500)
        try withServer(limits: limits) { server in
            let client = try TestClient(port: server.port)
            #expect(try client.exchange("GET / HTTP/1.1\r\nHost: t\r\n\r\n").status == 200)
            client.setTimeout(seconds: 3)
            #expect(client.waitForClose())
        }
    }

    @Test func connectionsOverTheLimitGetA503() throws {
        var limits = HTTPServerLimits()
        limits.maxConnections = 3
        try withServer(limits: limits) { server in
            let held = try (0..<3).map { _ in try TestClient(port: server.port) }
            for client in held { #expect(try client.exchange("GET / HTTP/1.1\r\nHost: t\r\n\r\n").status == 200) }
            let refused = try TestClient(port: server.port)
            #expect(try refused.readResponse().status == 503)
            #expect(server.openConnections == 3)
            // Held connections keep working.
            #expect(try held[0].exchange("GET /still HTTP/1.1\r\nHost: t\r\n\r\n").status == 200)
        }
    }

    @Test func tenThousandIdleKeepAliveConnectionsAreHeldWhileAFreshClientIsServed() throws {
        try withServer { server in
            let holder = Process()
            holder.executableURL = URL(fileURLWithPath: "/usr/bin/env")
            let script = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("Fixtures/hold-connections.py")
                .path
            holder.arguments = ["python3", script, "\(server.port)", "10000"]
            let input = Pipe(), output = Pipe()
            holder.standardInput = input
            holder.standardOutput = output
            try holder.run()
            let lines = LineReader(output.fileHandleForReading)
            #expect(lines.next() == "ready")
            var waited = 0
            while server.openConnections < 10_000, waited < 100 {
                usleep(50_000)
                waited += 1
            }
            #expect(server.openConnections == 10_000)
            let fresh = try TestClient(port: server.port)
            fresh.setTimeout(seconds: 1)
            #expect(try fresh.exchange("GET /fresh HTTP/1.1\r\nHost: t\r\n\r\n").text == "GET /fresh 0\n")
            try input.fileHandleForWriting.close()
            #expect(lines.next() == "HTTP/1.1 200 OK")
            holder.waitUntilExit()
            #expect(holder.terminationStatus == 0)
        }
    }

    @Test func refusedClientConnectsNeverCloseAServerSocket() throws {
        // A refused connect used to close its socket twice (in TestClient.init, then again in its deinit). The
        // server shares this process, so the second close could hit a connection it had just accepted on the
        // freed number, and the process crashed when accept handed that number out once more.
        let refusingPort = try Self.portThatRefusesConnections()
        defer { close(refusingPort.fd) }
        try withServer(loops: 2) { server throws in
            let finished = Atomic<Bool>(false)
            let refusals = Atomic<Int>(0)
            let clientsLost = Atomic<Int>(0)
            DispatchQueue.concurrentPerform(iterations: 2) { lane in
                if lane == 0 {
                    while !finished.load(ordering: .acquiring) {
                        if (try? TestClient(port: refusingPort.port)) == nil { refusals.add(1, ordering: .relaxed) }
                    }
                    return
                }
                defer { finished.store(true, ordering: .releasing) }
                // Expectations are counted here and checked on the test's own thread, where they are attributed.
                for round in 0..<40 {
                    let held = (0..<50).compactMap { _ in try? TestClient(port: server.port) }
                    let answered = (try? held.last?.exchange("GET /round-\(round) HTTP/1.1\r\nHost: t\r\n\r\n").status) == 200
                    clientsLost.add(50 - held.count + (answered ? 0 : 1), ordering: .relaxed)
                }
            }
            #expect(refusals.load(ordering: .relaxed) > 0)
            #expect(clientsLost.load(ordering: .relaxed) == 0, "connects or requests failed: a socket was closed under them")
            #expect(server.descriptorsClosedElsewhere == 0)
            #expect(try assertAlive(server))
        }
    }

    @Test func aSecondServerOnTheSameAddressFailsToStartAndNamesIt() throws {
        try withServer { server in
            let second = HTTPServer(
                configuration: HTTPServerConfiguration(host: "127.0.0.1", port: server.port, loopCount: 2, workerCount: 1),
                responder: EchoResponder())
            do {
                try second.start()
                Issue.record("a second server started on port \(server.port)")
                second.shutdown()
                second.wait()
            } catch let error as ListenError {
                #expect(error.isAddressInUse)
                #expect(error.description == "address 127.0.0.1:\(server.port) is already in use")
            }
            // Nothing of the first server was taken over or closed.
            for _ in 0..<20 { #expect(try assertAlive(server)) }
        }
    }

    @Test func whileLoopsAreBusyAnIdleOneAcceptsAndServes() throws {
        // Three loops on one listener: two are blocked in turn, and the third must take the next connection.
        try withServer(loops: 3) { server in
            let first = try TestClient(port: server.port)
            try first.send("GET /block-loop HTTP/1.1\r\nHost: t\r\n\r\n")
            usleep(100_000)
            let second = try TestClient(port: server.port)
            try second.send("GET /block-loop HTTP/1.1\r\nHost: t\r\n\r\n")
            usleep(100_000)
            let third = try TestClient(port: server.port)
            // Answered while the other two loops are still blocked.
            third.setTimeout(seconds: 0, microseconds: 300_000)
            let thirdLoop = try third.exchange("GET /thread HTTP/1.1\r\nHost: t\r\n\r\n").text
            let loops = try [first.readResponse().text, second.readResponse().text, thirdLoop]
            #expect(Set(loops) == ["portico-loop-0", "portico-loop-1", "portico-loop-2"])
        }
    }

    @Test func keptAliveConnectionsOpenedOneByOneAreSpreadOverTheLoops() throws {
        // One at a time, so the loop the kernel tries first is always idle when the next one arrives: only the
        // loops' share rule moves connections to the other loop.
        try withServer(loops: 2) { server in
            var held: [TestClient] = []
            var perLoop: [String: Int] = [:]
            for index in 0..<64 {
                let client = try TestClient(port: server.port)
                let loop = try client.exchange("GET /thread?\(index) HTTP/1.1\r\nHost: t\r\n\r\n").text
                perLoop[loop, default: 0] += 1
                held.append(client)
            }
            #expect(perLoop.keys.sorted() == ["portico-loop-0", "portico-loop-1"])
            #expect(perLoop.values.allSatisfy { $0 >= 16 }, "\(perLoop)")
        }
    }

    @Test func manyConcurrentClientsOnTwoLoopsAreAllServed() throws {
        try withServer(loops: 2) { server throws in
            let failures = Atomic<Int>(0)
            DispatchQueue.concurrentPerform(iterations: 8) { lane in
                // Each lane holds 50 connections open at once, then asks on each.
                let held = (0..<50).compactMap { _ in try? TestClient(port: server.port) }
                failures.add(50 - held.count, ordering: .relaxed)
                for (index, client) in held.enumerated() {
                    let response = try? client.exchange("GET /lane-\(lane)/\(index) HTTP/1.1\r\nHost: t\r\n\r\n")
                    if response?.text != "GET /lane-\(lane)/\(index) 0\n" { failures.add(1, ordering: .relaxed) }
                }
            }
            #expect(failures.load(ordering: .relaxed) == 0)
            #expect(try assertAlive(server))
        }
    }

    /// A loopback port with a socket bound to it but not listening, so every connect to it is refused.
    private static func portThatRefusesConnections() throws -> (fd: Int32, port: Int) {
        let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue) | Int32(SOCK_CLOEXEC.rawValue), 0)
        try #require(fd >= 0)
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        var length = socklen_t(MemoryLayout<sockaddr_in>.size)
        let bound = withUnsafeMutablePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { bind(fd, $0, length) == 0 && getsockname(fd, $0, &length) == 0 }
        }
        guard bound else {
            close(fd)
            throw TestClient.Failure.connect(errno)
        }
        return (fd, Int(UInt16(bigEndian: address.sin_port)))
    }

    @Test func gracefulShutdownFinishesTheRequestInFlightAndClosesIdleConnections() throws {
        let server = HTTPServer(
            configuration: HTTPServerConfiguration(host: "127.0.0.1", port: 0, loopCount: 1, workerCount: 1), responder: EchoResponder())
        try server.start()
        let idle = try TestClient(port: server.port)
        #expect(try idle.exchange("GET / HTTP/1.1\r\nHost: t\r\n\r\n").status == 200)
        let busy = try TestClient(port: server.port)
        try busy.send("GET /slow HTTP/1.1\r\nHost: t\r\n\r\n")
        usleep(50_000)
        server.shutdown()
        let response = try busy.readResponse()
        #expect(response.text == "slow done")
        #expect(response.header("Connection") == "close")
        #expect(idle.waitForClose())
        server.wait()
        #expect(throws: TestClient.Failure.self) { try TestClient(port: server.port) }
    }
}
