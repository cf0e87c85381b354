/// One page of results and the cursor that fetches the next one (nil on the last page).
public struct Page<Element: Sendable>: Sendable {
    /// The items on this page.
    public var items: [Element]
    /// Where the next page starts; nil when this is the last page.
    public var next: String?
    /// The total number of items when the server says it.
    public var total: Int?

    /// A page of items.
    public init(items: [Element], next: String?, total: Int? = nil) {
        self.items = items
        self.next = next
        self.total = total
    }
}
