/// A page whose cursor is known before its items are read: a listing can ask for the next page as soon as this one
/// has arrived, and read this one's items while the next travels (`Paged` with `prefetch`).
public struct PendingPage<Element: Sendable>: Sendable {
    /// Where the next page starts; nil when this is the last page.
    public var next: String?
    /// The total number of items when the server says it.
    public var total: Int?
    private let read: @Sendable () throws -> [Element]

    /// A page whose items `read` produces (typically by parsing the body that arrived).
    public init(next: String?, total: Int? = nil, read: @escaping @Sendable () throws -> [Element]) {
        self.next = next
        self.total = total
        self.read = read
    }

    /// A page already read.
    public init(_ page: Page<Element>) {
        let items = page.items
        self.init(next: page.next, total: page.total) { items }
    }

    /// Reads the items.
    public func page() throws -> Page<Element> { Page(items: try read(), next: next, total: total) }
}
