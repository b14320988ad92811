/// The outcome of a non-blocking I/O call: done, or would block (`EAGAIN`), which is not an error here.
package enum IOResult<Value> {
    case done(Value)
    case wouldBlock
}
