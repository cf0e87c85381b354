import Foundation
public import Logging
public import SciCore
public import SciHTTP

/// A client of the DIALS API: `get`, `list`, `listAll` (streamed pages), `mes`, `certJSON` and `goldenJSON`.
/// Every request goes through SciHTTP, so retries with backoff and `Retry-After` apply to any base URL.
public final class DialsClient: Sendable {
    /// Where DIALS is.
    public let server: DialsServer
    private let http: HTTPClient

    /// A client as `settings` say (see `DialsSettings.load`): their server, credentials, retries and timeout.
    /// Credential files are read now, so a missing or unsafe one is an error before any request.
    public convenience init(settings: DialsSettings, logger: Logger = Logger(label: "sci.dials")) throws {
        var configuration = settings.httpConfiguration(credentials: try settings.authenticator())
        configuration.logger = logger
        self.init(server: settings.server, configuration: configuration)
    }

    /// A client for `server`, authenticating with `credentials` (`BearerToken`, `DialsCredentials.clientSecret`,
    /// `DeviceCredentials`), retrying as `retry` says. `timeout` is how long a request may go without receiving a
    /// byte; there is no total limit, so a large page on a slow link is never cut off while it arrives.
    public convenience init(server: DialsServer = DialsServer(), credentials: any Authenticator, retry: RetryPolicy = .default,
                            timeout: Duration = .seconds(60), logger: Logger = Logger(label: "sci.dials")) {
        var settings = DialsSettings()
        settings.server = server
        settings.attempts = retry.attempts
        var configuration = settings.httpConfiguration(credentials: credentials)
        configuration.retry = retry
        configuration.stallTimeout = timeout
        configuration.logger = logger
        self.init(server: server, configuration: configuration)
    }

    /// The one place the HTTP client is built.
    private init(server: DialsServer, configuration: HTTPClientConfiguration) {
        self.server = server
        self.http = HTTPClient(configuration: configuration)
    }

    /// One object, named by every key of its endpoint (`run`: `dataset_id`, `run_number`).
    public func get(_ endpoint: DialsEndpoint, keys: [String: String]) async throws -> DialsRow {
        try await get(try DialsObjectKey(endpoint, keys))
    }

    /// One object.
    public func get(_ key: DialsObjectKey) async throws -> DialsRow {
        let url = server.apiURL + key.endpoint.route + key.path
        let response = try await http.send(HTTPRequest(.get, url))
        guard case .object(let row) = try parse(response.body, url: url) else {
            throw DialsError.unexpectedAnswer(url: url, reason: "not an object")
        }
        return row
    }

    /// One page of a listing; `nextToken` picks a later page.
    public func list(_ filters: DialsFilters, nextToken: String? = nil) async throws -> DialsPage {
        let url = listURL(filters, nextToken: nextToken)
        let response = try await http.send(HTTPRequest(.get, url))
        if !filters.endpoint.isPaginated {
            guard case .array(let items) = try parse(response.body, url: url) else {
                throw DialsError.unexpectedAnswer(url: url, reason: "not a list")
            }
            let rows = items.compactMap { item -> DialsRow? in if case .object(let row) = item { return row } else { return nil } }
            return DialsPage(rows: rows, nextToken: nil, next: nil)
        }
        return try DialsPage(parsing: response.body, url: url)
    }

    /// One page of a paginated listing as it arrived: its cursor can be read before its rows are parsed, so a caller
    /// can ask for the next page first and parse while it travels.
    public func rawPage(_ filters: DialsFilters, nextToken: String? = nil) async throws -> DialsRawPage {
        let url = listURL(filters, nextToken: nextToken)
        return DialsRawPage(body: try await http.send(HTTPRequest(.get, url)).body, url: url)
    }

    /// Every page of a listing, fetched as the sequence is iterated; at most `maxPages` (nil or 0: all), starting at
    /// `resumingAt` (a `next_token`). If iteration throws, the iterator's `cursor` is where to resume. With
    /// `prefetch` (the default) the next page is asked for as soon as a page arrives, and travels while this one is
    /// parsed and used.
    public func listAll(_ filters: DialsFilters, maxPages: Int? = nil, resumingAt nextToken: String? = nil,
                        prefetch: Bool = true) -> Paged<DialsRow> {
        listAll(filters, from: PagingCheckpoint(cursor: nextToken), maxPages: maxPages, prefetch: prefetch)
    }

    /// The pages of a listing after `checkpoint` (as `ListingState` saved it): `maxPages` counts the checkpoint's
    /// pages too, so a resumed listing stops where an uninterrupted one would.
    public func listAll(_ filters: DialsFilters, from checkpoint: PagingCheckpoint, maxPages: Int? = nil,
                        prefetch: Bool = true) -> Paged<DialsRow> {
        guard filters.endpoint.isPaginated else {
            return Paged(from: checkpoint, maxPages: maxPages) { cursor in
                let page = try await self.list(filters, nextToken: cursor)
                return Page(items: page.rows, next: page.nextToken)
            }
        }
        return Paged(from: checkpoint, maxPages: maxPages, prefetch: prefetch) { cursor in
            // The cursor is read from the head of the body, so the next page can be on its way before this one's
            // rows are parsed.
            let raw = try await self.rawPage(filters, nextToken: cursor)
            return PendingPage(next: try raw.nextToken()) { try raw.parse().rows }
        }
    }

    /// cmsdials' `list_all`: all rows in memory. With `keepFailed`, a failure returns the rows so far, the cursor of the
    /// page that failed and the error instead of throwing; `resumeFrom` continues such a result (or one cut by `maxPages`).
    public func collectAll(_ filters: DialsFilters, maxPages: Int? = nil, keepFailed: Bool = false,
                           resumeFrom: DialsListing? = nil) async throws -> DialsListing {
        var listing = resumeFrom ?? DialsListing()
        if resumeFrom != nil, listing.nextToken == nil, !listing.rows.isEmpty { return listing }
        listing.error = nil
        var pages = listAll(filters, maxPages: maxPages, resumingAt: listing.nextToken).makeAsyncIterator()
        do {
            while let page = try await pages.next() {
                listing.rows += page.items
                listing.nextToken = pages.cursor
            }
        } catch {
            guard keepFailed else { throw error }
            listing.error = SciError.from(error).message
        }
        return listing
    }

    /// The monitoring elements DIALS holds (`mes/` is not paginated).
    public func mes(_ filters: DialsFilters = DialsFilters(.mes)) async throws -> [DialsRow] {
        try await list(filters).rows
    }

    /// The ML certification JSON of runs: `{run: {ls: [flags]}}`, as DIALS answers it.
    public func certJSON(modelIDs: [Int], datasetIDs: [Int], runNumbers: [Int]) async throws -> JSONValue {
        try await certJSON(MLSelection(modelIDs: modelIDs, datasetIDs: datasetIDs, runNumbers: runNumbers))
    }

    /// The ML certification JSON of a selection.
    public func certJSON(_ selection: MLSelection) async throws -> JSONValue {
        try await postML("cert-json/", selection)
    }

    /// The golden-like JSON of runs: `{run: [[first_ls, last_ls], ...]}` of lumisections no model flagged.
    public func goldenJSON(modelIDs: [Int], datasetIDs: [Int], runNumbers: [Int]) async throws -> JSONValue {
        try await goldenJSON(MLSelection(modelIDs: modelIDs, datasetIDs: datasetIDs, runNumbers: runNumbers))
    }

    /// The golden-like JSON of a selection.
    public func goldenJSON(_ selection: MLSelection) async throws -> JSONValue {
        try await postML("golden-json/", selection)
    }

    /// The URL of one page of a listing.
    public func listURL(_ filters: DialsFilters, nextToken: String? = nil) -> String {
        var items: [(name: String, value: String)] = []
        if let nextToken { items.append(("next_token", nextToken)) }
        items += filters.queryItems
        let query = Self.query(items)
        return server.apiURL + filters.endpoint.route + (query.isEmpty ? "" : "?" + query)
    }

    /// A query string. Only unreserved characters go bare, as Python's requests sends them: `&`, `=`, `+` and `/` in a
    /// regular expression or an ME path, and the brackets of OMS filters, stay data for the server.
    static func query(_ items: [(name: String, value: String)]) -> String {
        items.map { "\(encode($0.name))=\(encode($0.value))" }.joined(separator: "&")
    }

    private static func encode(_ text: String) -> String { text.addingPercentEncoding(withAllowedCharacters: unreserved) ?? text }

    /// A GET answered with JSON.
    func json(_ url: String) async throws -> JSONValue {
        try parse(try await http.send(HTTPRequest(.get, url)).body, url: url)
    }

    private static let unreserved = CharacterSet(charactersIn: "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-._~")

    private func postML(_ action: String, _ selection: MLSelection) async throws -> JSONValue {
        let url = server.apiURL + DialsEndpoint.mlBadLumisection.route + action
        var request = try HTTPRequest.json(.post, url, body: selection)
        // A read that happens to be a POST: repeating it is safe.
        request.retryEvenIfNotIdempotent = true
        return try parse(try await http.send(request).body, url: url)
    }

    private func parse(_ body: Data, url: String) throws -> JSONValue {
        do { return try JSONParser.parse(body) } catch { throw DialsError.unexpectedAnswer(url: url, reason: "\(error)") }
    }
}
