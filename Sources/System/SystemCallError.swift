import Glibc

/// A failed system call: which call, on which path when there is one, and the `errno` it set.
package struct SystemCallError: Error, CustomStringConvertible, Equatable {
    package let call: String
    package let errorNumber: Int32
    /// The file the call was about (`open`, `stat`), empty for descriptors and sockets.
    package let path: String

    package init(call: String, errorNumber: Int32, path: String = "") {
        self.call = call
        self.errorNumber = errorNumber
        self.path = path
    }

    /// The system's text for the error number, e.g. `No such file or directory`.
    package var reason: String { String(cString: strerror(errorNumber)) }

    package var description: String {
        path.isEmpty ? "\(call) failed: \(reason) (errno \(errorNumber))" : "\(call)(\(path)) failed: \(reason)"
    }
}
