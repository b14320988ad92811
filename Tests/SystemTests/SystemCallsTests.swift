import Glibc
import System
import Testing

struct SystemCallsTests {
    @Test func ordinaryFailuresAreErrorsNamingTheCall() throws {
        var fds: [Int32] = [0, 0]
        #expect(pipe(&fds) == 0)
        defer { for fd in fds { close(fd) } }
        // Writing to a socket call on a pipe is ENOTSOCK: a failure to report, not a bug.
        let thrown = #expect(throws: SystemCallError.self) {
            try [UInt8(1)].withUnsafeBytes { try SystemCalls.write(fds[1], from: $0) }
        }
        #expect(thrown?.call == "write" && thrown?.errorNumber == ENOTSOCK)
    }

    @Test func badDescriptorsAndBadAddressesAreProgrammingErrors() {
        #expect(SystemCalls.isProgrammingError(EBADF))
        #expect(SystemCalls.isProgrammingError(EFAULT))
        #expect(!SystemCalls.isProgrammingError(ECONNRESET))
        #expect(!SystemCalls.isProgrammingError(EPIPE))
    }

    @Test func aSocketCallOnAClosedDescriptorStopsTheProcess() async {
        await #expect(processExitsWith: .failure) {
            var byte: UInt8 = 0
            _ = try? withUnsafeMutableBytes(of: &byte) { try SystemCalls.receive(Int32.max - 1, into: $0) }
        }
    }

    @Test func closingADescriptorTwiceStopsTheProcess() async {
        await #expect(processExitsWith: .failure) {
            let fd = open("/dev/null", O_RDONLY)
            _ = SystemCalls.closeIgnoringErrors(fd)
            _ = SystemCalls.closeIgnoringErrors(fd)
        }
    }
}
