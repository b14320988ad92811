import Glibc
import Testing

@testable import HTTPServer

/// The loop's descriptor-indexed table, above all when a descriptor number comes back while still filed.
struct ConnectionTableTests {
    private func connection(fd: Int32, generation: UInt32) -> LoopConnection {
        let machine = HTTPConnectionStateMachine(limits: HTTPServerLimits(), now: 0) { _ in 1024 }
        return LoopConnection(fd: fd, generation: generation, remoteAddress: "127.0.0.1", machine: machine)
    }

    private func isOpen(_ fd: Int32) -> Bool { fcntl(fd, F_GETFD) != -1 }

    @Test func aNumberClosedBehindItsOwnersBackDropsTheOldConnectionAndKeepsTheNewSocket() throws {
        // A socket pair rather than a pipe: whether the far end sees end-of-file says whether this end was
        // really closed, which a check of the number cannot once another test may have reopened it.
        var pipeEnds: [Int32] = [-1, -1]
        try #require(socketpair(AF_UNIX, Int32(SOCK_STREAM.rawValue), 0, &pipeEnds) == 0)
        defer { close(pipeEnds[1]) }
        var table = ConnectionTable()
        let old = connection(fd: pipeEnds[0], generation: 1)
        let oldToken = old.token
        #expect(table.insert(old) == nil)

        // As if someone else closed the number and `accept` handed it out again: the same number, a new owner.
        let new = connection(fd: pipeEnds[0], generation: 2)
        let displaced = table.insert(new)

        #expect(displaced === old)
        #expect(old.fd == -1)
        #expect(isOpen(pipeEnds[0]), "dropping the old connection must not close the new one's descriptor")
        #expect(table.count == 1)
        #expect(table.connection(for: oldToken) == nil, "a late event for the old connection must be ignored")
        #expect(table.connection(for: new.token) === new)

        table.remove(new)
        new.close()
        #expect(table.count == 0)
        var byte: UInt8 = 0
        #expect(recv(pipeEnds[1], &byte, 1, Int32(MSG_DONTWAIT)) == 0, "the far end sees end-of-file once the new owner closes")
    }

    @Test func aNumberFreedByItsOwnerIsReusedWithoutDisplacingAnything() throws {
        var pipeEnds: [Int32] = [-1, -1]
        try #require(pipe(&pipeEnds) == 0)
        defer { close(pipeEnds[1]) }
        var table = ConnectionTable()
        let first = connection(fd: pipeEnds[0], generation: 7)
        let firstToken = first.token
        #expect(table.insert(first) == nil)
        table.remove(first)
        // Stands in for close-then-accept: the number stays open here so that the reuse is certain.
        first.abandon()
        #expect(table.count == 0)

        let second = connection(fd: pipeEnds[0], generation: 8)
        #expect(table.insert(second) == nil)
        #expect(table.count == 1)
        #expect(table.connection(for: firstToken) == nil)
        #expect(table.connection(for: second.token) === second)
        table.remove(second)
        second.close()
        #expect(!isOpen(pipeEnds[0]))
    }
}
