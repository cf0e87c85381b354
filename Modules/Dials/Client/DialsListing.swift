import SciCore

/// All rows of a listing, or those fetched before a failure or `maxPages`: cmsdials' paginated result with
/// `keep_failed`. Pass it back as `resumeFrom` to continue.
public struct DialsListing: Sendable, Codable {
    /// The rows fetched.
    public var rows: [DialsRow] = []
    /// The cursor of the next page to fetch; nil when the listing is complete.
    public var nextToken: String?
    /// Why fetching stopped early, when it failed.
    public var error: String?

    /// An empty listing.
    public init() {}
}
