/// Pages fetched one after another as an `AsyncSequence`. By default each is fetched only when asked for; with
/// `prefetch`, the next page is asked for as soon as the current one has arrived, so it travels while the caller
/// reads and writes this one (one page ahead, never past the last page or `maxPages`).
///
/// Where the listing stands is `Iterator.checkpoint` (cursor, pages and rows so far): save it after writing a page's
/// rows (`ListingState` does it atomically) and `Paged(from:)` carries on from there, `maxPages` counting the pages
/// of the earlier runs too.
public struct Paged<Element: Sendable>: AsyncSequence, Sendable {
    /// Fetches the page at a cursor; nil means the first page.
    public typealias Fetch = @Sendable (_ cursor: String?) async throws -> Page<Element>
    /// Fetches the page at a cursor, its items read later (see `PendingPage`).
    public typealias FetchPending = @Sendable (_ cursor: String?) async throws -> PendingPage<Element>

    private let start: PagingCheckpoint
    private let maxPages: Int?
    private let prefetch: Bool
    private let fetch: FetchPending

    /// Pages from the first, at most `maxPages` of them.
    public init(maxPages: Int? = nil, prefetch: Bool = false, fetch: @escaping Fetch) {
        self.init(from: PagingCheckpoint(), maxPages: maxPages, prefetch: prefetch, fetch: fetch)
    }

    /// Pages starting at a saved cursor.
    public init(resumingAt cursor: String?, maxPages: Int? = nil, prefetch: Bool = false, fetch: @escaping Fetch) {
        self.init(from: PagingCheckpoint(cursor: cursor), maxPages: maxPages, prefetch: prefetch, fetch: fetch)
    }

    /// Pages after a checkpoint: none when it is finished or already holds `maxPages` pages (nil or 0: no limit).
    public init(from checkpoint: PagingCheckpoint, maxPages: Int? = nil, prefetch: Bool = false, fetch: @escaping Fetch) {
        self.init(from: checkpoint, maxPages: maxPages, prefetch: prefetch, fetchPending: { PendingPage(try await fetch($0)) })
    }

    /// Pages after a checkpoint, each read only once the next one has been asked for (with `prefetch`).
    public init(from checkpoint: PagingCheckpoint, maxPages: Int? = nil, prefetch: Bool = false,
                fetchPending: @escaping FetchPending) {
        self.start = checkpoint
        self.maxPages = maxPages == 0 ? nil : maxPages
        self.prefetch = prefetch
        self.fetch = fetchPending
    }

    public func makeAsyncIterator() -> Iterator { Iterator(start: start, maxPages: maxPages, prefetch: prefetch, fetch: fetch) }

    /// Every item of every page, in order.
    public func items() async throws -> [Element] {
        var all: [Element] = []
        for try await page in self { all += page.items }
        return all
    }

    /// Walks the pages; `checkpoint` always describes the pages returned so far.
    public struct Iterator: AsyncIteratorProtocol {
        /// The pages returned so far (those of the run resumed included), and the cursor of the next one.
        public private(set) var checkpoint: PagingCheckpoint
        private let maxPages: Int?
        private let prefetch: Bool
        private let fetch: FetchPending
        private let ahead = Ahead()

        init(start: PagingCheckpoint, maxPages: Int?, prefetch: Bool, fetch: @escaping FetchPending) {
            self.checkpoint = start
            self.maxPages = maxPages
            self.prefetch = prefetch
            self.fetch = fetch
        }

        /// The cursor of the next page to fetch (nil before the first page or after the last).
        public var cursor: String? { checkpoint.cursor }
        /// How many pages have been returned, those of a resumed run included.
        public var pagesFetched: Int { checkpoint.pages }

        public mutating func next() async throws -> Page<Element>? {
            if checkpoint.isDone(maxPages: maxPages) {
                ahead.cancel()
                return nil
            }
            let pending: Pending
            do {
                if let task = ahead.take() {
                    pending = try await task.value
                } else {
                    pending = try await fetch(checkpoint.cursor)
                }
                let following = try checkpoint.after(rows: 0, next: pending.next)
                if prefetch, let next = pending.next, !following.isDone(maxPages: maxPages) {
                    let fetch = self.fetch
                    ahead.start(Task { try await fetch(next) })
                }
                let page = try pending.page()
                checkpoint = try checkpoint.after(rows: page.items.count, next: page.next)
                return page
            } catch {
                ahead.cancel()
                throw error
            }
        }
    }

    /// A page whose items are read later.
    typealias Pending = PendingPage<Element>

    /// The page asked for ahead of time; cancelled when the iterator is dropped, so an abandoned listing does
    /// not leave a request running.
    private final class Ahead: @unchecked Sendable {
        // Only the iterator that owns it touches it, one call at a time (AsyncIteratorProtocol's contract).
        private var task: Task<Pending, any Error>?

        func start(_ task: Task<Pending, any Error>) { self.task = task }

        func take() -> Task<Pending, any Error>? {
            defer { task = nil }
            return task
        }

        func cancel() {
            task?.cancel()
            task = nil
        }

        deinit { task?.cancel() }
    }
}
