/// Where a listing stands after the pages written so far: the cursor of the next page, how many pages and rows were
/// written, and whether the last page was among them. Saved after every page (`ListingState`), it lets a listing
/// killed at any moment carry on as if it had never stopped, `maxPages` counting the pages of every run.
public struct PagingCheckpoint: Sendable, Hashable {
    /// The cursor of the next page to fetch; nil before the first page, and after the last one.
    public var cursor: String?
    /// Pages fetched and written so far, over every run of the listing.
    public var pages: Int
    /// Rows written so far, over every run of the listing.
    public var rows: Int
    /// Whether the last page has been written: there is nothing left to fetch.
    public var finished: Bool

    /// A checkpoint; the default is a listing that has not started.
    public init(cursor: String? = nil, pages: Int = 0, rows: Int = 0, finished: Bool = false) {
        self.cursor = cursor
        self.pages = pages
        self.rows = rows
        self.finished = finished
    }

    /// The checkpoint once a page of `count` rows, whose next page is at `next`, has been written.
    public func after(rows count: Int, next: String?) throws -> PagingCheckpoint {
        let (rows, rowsOverflow) = self.rows.addingReportingOverflow(count)
        let (pages, pagesOverflow) = self.pages.addingReportingOverflow(1)
        guard !rowsOverflow, !pagesOverflow, count >= 0 else {
            throw SciError("a listing of more than \(Int.max) rows or pages cannot be counted")
        }
        return PagingCheckpoint(cursor: next, pages: pages, rows: rows, finished: next == nil)
    }

    /// Whether no further page should be fetched: the last page was written, or `maxPages` (nil or 0: no limit) were.
    public func isDone(maxPages: Int?) -> Bool {
        if finished { return true }
        guard let maxPages, maxPages > 0 else { return false }
        return pages >= maxPages
    }
}
