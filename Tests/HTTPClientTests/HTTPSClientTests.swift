import HTTPClient
import HTTPServer
import Testing

struct HTTPSClientTests {
    let client = HTTPSClient()

    @Test func postRoundTripsHeadersAndBody() throws {
        try withServer { server in
            let response = try client.send(
                OutboundRequest(
                    method: "POST", url: "http://127.0.0.1:\(server.port)/sts?Action=AssumeRole",
                    headers: [("Content-Type", "application/x-www-form-urlencoded"), ("X-Token", "t0k3n")],
                    body: Array("Version=2011-06-15".utf8)))
            #expect(response.status == 201)
            #expect(String(decoding: response.body, as: UTF8.self) == "POST /sts?Action=AssumeRole Version=2011-06-15")
            #expect(response.header("x-echo-token") == "t0k3n")
            #expect(response.header("X-Echo-Content-Type") == "application/x-www-form-urlencoded")
            #expect(response.header("Content-Length") == "46")
            #expect(response.header("Date")?.hasSuffix(" GMT") == true)
        }
    }

    @Test func getAndOtherMethodsSayTheirName() throws {
        try withServer { server in
            let get = try client.send(OutboundRequest(url: "http://127.0.0.1:\(server.port)/a"))
            #expect(String(decoding: get.body, as: UTF8.self) == "GET /a ")
            let emptyPost = try client.send(OutboundRequest(method: "POST", url: "http://127.0.0.1:\(server.port)/b"))
            #expect(String(decoding: emptyPost.body, as: UTF8.self) == "POST /b ")
            let put = try client.send(OutboundRequest(method: "PUT", url: "http://127.0.0.1:\(server.port)/c", body: Array("x=1".utf8)))
            #expect(String(decoding: put.body, as: UTF8.self) == "PUT /c x=1")
        }
    }

    @Test func redirectsAreNotFollowedByDefault() throws {
        try withServer { server in
            let response = try client.send(OutboundRequest(url: "http://127.0.0.1:\(server.port)/redirect"))
            #expect(response.status == 302)
            #expect(response.header("Location") == "/echo")
            let followed = try HTTPSClient(followRedirects: true).send(OutboundRequest(url: "http://127.0.0.1:\(server.port)/redirect"))
            #expect(followed.status == 201)
        }
    }

    @Test(arguments: ["/large", "/large-unannounced"])
    func aResponseOverTheLimitIsTooLarge(path: String) throws {
        try withServer { server in
            let small = HTTPSClient(maxResponseBytes: 2048)
            let error = #expect(throws: OutboundError.self) {
                try small.send(OutboundRequest(url: "http://127.0.0.1:\(server.port)\(path)"))
            }
            #expect(error?.kind == .tooLarge)
            #expect(error?.message.contains("2048") == true)
        }
    }

    @Test func aClosedPortCannotBeConnected() throws {
        let socket = try LoopbackSocket(listening: false)
        socket.close()
        let error = #expect(throws: OutboundError.self) {
            try client.send(
                OutboundRequest(
                    method: "POST", url: "http://127.0.0.1:\(socket.port)/", headers: [("Authorization", "secret-header")],
                    body: Array("secret-body".utf8)))
        }
        #expect(error?.kind == .couldNotConnect)
        #expect(error?.message.contains("\(socket.port)") == true)
        #expect(error?.description.contains("secret") == false)
    }

    @Test func aServerThatNeverAnswersTimesOut() throws {
        let socket = try LoopbackSocket(listening: true)
        let quick = HTTPSClient(connectTimeout: .milliseconds(500), totalTimeout: .seconds(1))
        let started = ContinuousClock.now
        let error = #expect(throws: OutboundError.self) {
            try quick.send(OutboundRequest(url: "http://127.0.0.1:\(socket.port)/"))
        }
        #expect(error?.kind == .timedOut)
        #expect(ContinuousClock.now - started < .seconds(5))
    }

    @Test(arguments: ["ftp://127.0.0.1/file", "file:///etc/hostname", "gopher://127.0.0.1/"])
    func onlyHTTPAndHTTPSAreFetched(url: String) throws {
        let error = #expect(throws: OutboundError.self) {
            try client.send(OutboundRequest(url: url))
        }
        #expect(error?.kind == .other)
    }

    @Test func aHeaderValueWithALineBreakIsRefusedWithoutRepeatingIt() throws {
        let error = #expect(throws: OutboundError.self) {
            try client.send(OutboundRequest(url: "http://127.0.0.1:1/", headers: [("X-Token", "secret\r\nX-Injected: 1")]))
        }
        #expect(error?.kind == .other)
        #expect(error?.message.contains("X-Token") == true)
        #expect(error?.message.contains("secret") == false)
    }

    @Test func aSelfSignedCertificateIsRefused() throws {
        try withSelfSignedTLSServer { port in
            for host in ["localhost", "127.0.0.1"] {
                let error = #expect(throws: OutboundError.self) {
                    try client.send(OutboundRequest(url: "https://\(host):\(port)/"))
                }
                #expect(error?.kind == .tls, "\(host): \(String(describing: error))")
            }
        }
    }
}
