/// One page of a list and how many items match in all, for paging links.
package struct Page<Item> {
    package var items: [Item]
    package var total: Int

    package init(items: [Item], total: Int) {
        self.items = items
        self.total = total
    }
}

extension Page: Equatable where Item: Equatable {}
extension Page: Sendable where Item: Sendable {}
