import HTTPServer
import Testing

struct HTTPDateTests {
    @Test(arguments: [
        (0, "Thu, 01 Jan 1970 00:00:00 GMT"),
        (784_111_777, "Sun, 06 Nov 1994 08:49:37 GMT"),
        (951_782_400, "Tue, 29 Feb 2000 00:00:00 GMT"),
        (1_795_392_000, "Mon, 23 Nov 2026 00:00:00 GMT"),
        (4_102_444_799, "Thu, 31 Dec 2099 23:59:59 GMT"),
    ])
    func formatsImfFixdate(seconds: Int, text: String) {
        #expect(HTTPDate.format(epochSeconds: seconds) == text)
    }

    @Test func dateHeaderIsFormattedOncePerSecond() {
        var cache = DateHeaderCache()
        let first = cache.line(forEpochSeconds: 784_111_777)
        #expect(String(decoding: first, as: UTF8.self) == "Date: Sun, 06 Nov 1994 08:49:37 GMT\r\n")
        #expect(cache.line(forEpochSeconds: 784_111_778) != first)
    }
}
