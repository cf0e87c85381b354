/// Pages fetched one after another as an `AsyncSequence`, each fetched only when asked for.
/// The cursor of the page that would come next is `Iterator.cursor`: save it, and `Paged(resumingAt:)` carries on from there.
public struct Paged<Element: Sendable>: AsyncSequence, Sendable {
    /// Fetches the page at a cursor; nil means the first page.
    public typealias Fetch = @Sendable (_ cursor: String?) async throws -> Page<Element>

    private let start: String?
    private let maxPages: Int?
    private let fetch: Fetch

    /// Pages from the first, at most `maxPages` of them.
    public init(maxPages: Int? = nil, fetch: @escaping Fetch) {
        self.init(resumingAt: nil, maxPages: maxPages, fetch: fetch)
    }

    /// Pages starting at a saved cursor.
    public init(resumingAt cursor: String?, maxPages: Int? = nil, fetch: @escaping Fetch) {
        self.start = cursor
        self.maxPages = maxPages
        self.fetch = fetch
    }

    public func makeAsyncIterator() -> Iterator { Iterator(cursor: start, maxPages: maxPages, fetch: fetch) }

    /// Every item of every page, in order.
    public func items() async throws -> [Element] {
        var all: [Element] = []
        for try await page in self { all += page.items }
        return all
    }

    /// Walks the pages; `cursor` always names the page the next call to `next()` fetches.
    public struct Iterator: AsyncIteratorProtocol {
        /// The cursor of the next page to fetch (nil before the first page or after the last).
        public private(set) var cursor: String?
        /// How many pages have been fetched.
        public private(set) var pagesFetched = 0
        private var finished = false
        private let maxPages: Int?
        private let fetch: Fetch

        init(cursor: String?, maxPages: Int?, fetch: @escaping Fetch) {
            self.cursor = cursor
            self.maxPages = maxPages
            self.fetch = fetch
        }

        public mutating func next() async throws -> Page<Element>? {
            if finished { return nil }
            if let maxPages, pagesFetched >= maxPages { return nil }
            let page = try await fetch(cursor)
            pagesFetched += 1
            cursor = page.next
            if page.next == nil { finished = true }
            return page
        }
    }
}
