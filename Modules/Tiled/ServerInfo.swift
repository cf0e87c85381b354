import SciCore

/// What `GET /api/v1/` says about a server.
public struct ServerInfo: Decodable, Sendable {
    /// The authentication the server asks for.
    public struct Authentication: Decodable, Sendable {
        /// Whether anonymous requests are refused.
        public var required: Bool?
    }
    /// The API version (0 for the 0.x servers).
    public var apiVersion: Int
    /// The tiled package version of the server.
    public var libraryVersion: String
    /// The media types offered per structure family (array, table, container, ...).
    public var formats: [String: [String]]
    /// Short names of the media types per structure family (`csv` for `text/csv`).
    public var aliases: [String: [String: [String]]]?
    /// The query types the server accepts (`eq`, `fulltext`, `comparison`, ...).
    public var queries: [String]
    /// Whether credentials are needed.
    public var authentication: Authentication?

    enum CodingKeys: String, CodingKey {
        case apiVersion = "api_version", libraryVersion = "library_version", formats, aliases, queries, authentication
    }
}
