import Glibc
import System

/// Opening the listening socket failed: says on which address, and says it plainly when something else holds it.
package struct ListenError: Error, CustomStringConvertible {
    /// `host:port`, with the host in brackets for IPv6.
    package let address: String
    package let failure: SystemCallError

    package init(address: String, failure: SystemCallError) {
        self.address = address
        self.failure = failure
    }

    /// Another socket listens there already: most likely a second server started on the same address.
    package var isAddressInUse: Bool { failure.errorNumber == EADDRINUSE }

    package var description: String {
        isAddressInUse ? "address \(address) is already in use" : "cannot listen on \(address): \(failure)"
    }
}
