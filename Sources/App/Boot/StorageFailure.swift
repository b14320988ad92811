import SQLite
import Web

/// A request that could not be answered because the database could not take its write: the lock is held
/// elsewhere (a large `portico apply`), the disk is full, or the storage failed.
///
/// Each is a 503 with `Retry-After` and a page that says what happened in the user's terms, never a 500
/// "Something went wrong": nothing was lost, and the same request will work later. The SQLite error itself
/// goes to the log (see `ErrorMiddleware`), never to the page.
struct StorageFailure: HTTPResponseError {
    enum Kind: Equatable {
        /// Another writer held the lock past the request's patience.
        case busy
        /// `SQLITE_FULL`: the disk (or the file system's quota) is full.
        case full
        /// Read-only, I/O errors, a file that cannot be opened: storage the operator must look at.
        case unavailable
    }

    let kind: Kind

    /// The failure `error` stands for, or nil for errors that are not storage outages (constraint
    /// violations and misuse are bugs, and stay 500s).
    init?(_ error: any Error) {
        guard let error = error as? SQLiteError else { return nil }
        if error.isBusy {
            kind = .busy
        } else if error.isDiskFull {
            kind = .full
        } else if error.isStorageFailure {
            kind = .unavailable
        } else {
            return nil
        }
    }

    var status: HTTPStatus { .serviceUnavailable }

    var message: String {
        switch kind {
        case .busy:
            "The portal is busy saving a large change right now. Nothing was lost: try again in a few seconds."
        case .full:
            "Portico's storage is full, so nothing could be saved. Nothing you had saved before is lost; an administrator needs to free disk space."
        case .unavailable:
            "Portico's storage is not available right now, so nothing could be saved. Try again later; if it goes on, tell an administrator."
        }
    }

    var headers: HTTPHeaders {
        var headers = HTTPHeaders()
        headers.add(name: "Retry-After", value: kind == .busy ? "5" : "60")
        return headers
    }
}
