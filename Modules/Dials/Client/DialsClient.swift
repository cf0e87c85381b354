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

    /// A client for `server`, authenticating with `credentials` (`BearerToken`, `DialsCredentials.clientSecret`,
    /// `DeviceCredentials`), retrying as `retry` says. `timeout` is how long a request may go without receiving a
    /// byte; there is no total limit, so a large page on a slow link is never cut off while it arrives.
    public init(server: DialsServer = DialsServer(), credentials: any Authenticator, retry: RetryPolicy = .default,
                timeout: Duration = .seconds(60), logger: Logger = Logger(label: "sci.dials")) {
        self.server = server
        var configuration = HTTPClientConfiguration()
        configuration.authenticator = credentials
        configuration.retry = retry
        configuration.stallTimeout = timeout
        configuration.logger = logger
        configuration.headers["Accept"] = "application/json"
        if let workspace = server.workspace { configuration.headers["Workspace"] = workspace }
        self.http = HTTPClient(configuration: configuration)
    }

    /// One object, named by every key of its endpoint (`run`: `dataset_id`, `run_number`).
    public func get(_ endpoint: DialsEndpoint, keys: [String: String]) async throws -> DialsRow {
        let path = try endpoint.keys.map { key -> String in
            guard let value = keys[key], !value.isEmpty else { throw DialsError.missingKey(endpoint: endpoint, key: key) }
            return value.addingPercentEncoding(withAllowedCharacters: .urlPathAllowed.subtracting(CharacterSet(charactersIn: "/"))) ?? value
        }.joined(separator: "/")
        let url = server.apiURL + endpoint.route + path + "/"
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
    /// `resumingAt` (a `next_token`). If iteration throws, the iterator's `cursor` is where to resume.
    public func listAll(_ filters: DialsFilters, maxPages: Int? = nil, resumingAt nextToken: String? = nil) -> Paged<DialsRow> {
        Paged(resumingAt: nextToken, maxPages: maxPages == 0 ? nil : maxPages) { cursor in
            let page = try await self.list(filters, nextToken: cursor)
            return Page(items: page.rows, next: page.nextToken)
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
        try await postML("cert-json/", modelIDs: modelIDs, datasetIDs: datasetIDs, runNumbers: runNumbers)
    }

    /// The golden-like JSON of runs: `{run: [[first_ls, last_ls], ...]}` of lumisections no model flagged.
    public func goldenJSON(modelIDs: [Int], datasetIDs: [Int], runNumbers: [Int]) async throws -> JSONValue {
        try await postML("golden-json/", modelIDs: modelIDs, datasetIDs: datasetIDs, runNumbers: runNumbers)
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

    private func postML(_ action: String, modelIDs: [Int], datasetIDs: [Int], runNumbers: [Int]) async throws -> JSONValue {
        let url = server.apiURL + DialsEndpoint.mlBadLumisection.route + action
        let body = MLSelection(model_id__in: modelIDs, dataset_id__in: datasetIDs, run_number__in: runNumbers)
        var request = try HTTPRequest.json(.post, url, body: body)
        // A read that happens to be a POST: repeating it is safe.
        request.retryEvenIfNotIdempotent = true
        return try parse(try await http.send(request).body, url: url)
    }

    private func parse(_ body: Data, url: String) throws -> JSONValue {
        do { return try JSONParser.parse(body) } catch { throw DialsError.unexpectedAnswer(url: url, reason: "\(error)") }
    }

    /// The body of cert-json and golden-json, keys in cmsdials' order.
    private struct MLSelection: Encodable {
        var model_id__in: [Int]
        var dataset_id__in: [Int]
        var run_number__in: [Int]
    }
}
