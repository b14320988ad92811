import Crypto

/// One page of `ListAccounts` or `ListAccountRoles`: the `max_result` and `next_token` query parameters.
///
/// A token is base64url of `v1:` and the key of the last item returned, so a page is "the next `maxResults`
/// items after that key" in a list sorted by key: nothing is kept on the server between pages, and an item
/// added or removed between two calls moves nothing else. The version prefix leaves room to change the
/// form; a token that does not decode to it is refused rather than read as the start of the list, so a client
/// cannot loop forever on a token it garbled.
package struct PageRequest: Hashable, Sendable {
    /// The model's `MaxResultType` range, and the page size when the client gives none.
    package static let maximumResults = 100
    private static let tokenPrefix = "v1:"

    package let maxResults: Int
    /// The key of the last item of the previous page; nil for the first page.
    package let afterKey: String?

    package init(maxResults: Int = maximumResults, afterKey: String? = nil) {
        precondition((1...Self.maximumResults).contains(maxResults), "PageRequest: maxResults out of range")
        self.maxResults = maxResults
        self.afterKey = afterKey
    }

    /// Reads the query parameters `next_token` and `max_result` (the model's wire names for `nextToken` and `maxResults`).
    package static func parse(nextToken: String?, maxResult: String?) throws(PortalAPIError) -> PageRequest {
        var size = maximumResults
        if let maxResult {
            guard maxResult.utf8.count <= 3, maxResult.utf8.allSatisfy({ (UInt8(ascii: "0")...UInt8(ascii: "9")).contains($0) }),
                let number = Int(maxResult), (1...maximumResults).contains(number)
            else { throw .invalidRequest("max_result must be a whole number from 1 to \(maximumResults).") }
            size = number
        }
        guard let nextToken else { return PageRequest(maxResults: size) }
        guard let bytes = Base64URL.decode(nextToken), let text = String(validating: bytes, as: UTF8.self),
            text.hasPrefix(tokenPrefix), text.count > tokenPrefix.count
        else { throw .invalidRequest("The next_token is not one this service issued.") }
        return PageRequest(maxResults: size, afterKey: String(text.dropFirst(tokenPrefix.count)))
    }

    /// The token for the page after the item whose key is `key`.
    package static func token(after key: String) -> String {
        Base64URL.encode(Array((tokenPrefix + key).utf8))
    }

    /// This page of `items`, which must be sorted by `key` ascending with `String`'s `<`, and the token for the
    /// next page, or nil when this page is the last (botocore's paginator stops when `nextToken` is absent).
    package func page<T>(_ items: [T], key: (T) -> String) -> (items: [T], nextToken: String?) {
        let start = afterKey.map { after in items.firstIndex { key($0) > after } ?? items.endIndex } ?? items.startIndex
        let end = items.index(start, offsetBy: maxResults, limitedBy: items.endIndex) ?? items.endIndex
        let page = Array(items[start..<end])
        guard end < items.endIndex, let last = page.last else { return (page, nil) }
        return (page, Self.token(after: key(last)))
    }
}
