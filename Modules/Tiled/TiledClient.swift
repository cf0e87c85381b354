import Foundation
public import SciCore
import SciHTTP

/// A connection to one Tiled server: its URI and, when the server requires one, an API key sent as
/// `Authorization: Apikey KEY` (never in the URL, so it stays out of logs and process listings).
public final class TiledClient: Sendable {
    /// The server's base URI, without a trailing slash (for example `http://127.0.0.1:8000`).
    public let baseURL: String
    let http: HTTPClient

    /// A client of the server at `uri`; `apiKey` is sent on every request when given.
    public convenience init(uri: String, apiKey: Secret?) throws {
        try self.init(settings: TiledSettings(url: uri, apiKey: apiKey))
    }

    /// A client of the server the settings name, with their key, timeouts and retries.
    public init(settings: TiledSettings) throws {
        guard let uri = settings.url, !uri.isEmpty else {
            throw SciError("no Tiled server given", hint: "pass --url http://HOST:PORT, set TILED_URL, or set url in the [tiled] table of config.toml",
                           exitCode: SciError.usageExitCode)
        }
        guard let components = URLComponents(string: uri), let scheme = components.scheme, ["http", "https"].contains(scheme),
              components.host?.isEmpty == false
        else { throw HTTPError.invalidURL(uri) }
        var base = uri
        while base.hasSuffix("/") { base.removeLast() }
        // Users paste the API root as often as the server root; both mean the same server.
        if base.hasSuffix("/api/v1") { base.removeLast("/api/v1".count) }
        baseURL = base
        http = HTTPClient(configuration: settings.httpConfiguration)
    }

    /// The server's version, the formats it offers per structure family and the query types it accepts.
    public func serverInfo() async throws -> ServerInfo {
        try await http.get("\(baseURL)/api/v1/", decoding: ServerInfo.self)
    }

    /// The node at `path` ("" or "/" is the root).
    public func node(_ path: String) async throws -> Node {
        let url = "\(baseURL)/api/v1/metadata/\(TiledPath.encode(path))"
        guard let node = Node(resource: try await json(url)["data"] ?? .null) else {
            throw HTTPError.decoding(path: "data", message: "not a node", url: url)
        }
        return node
    }

    /// The children of the container at `path` matching `query`, as pages fetched one ahead, at most `limit` of
    /// them. The limit counts children that pass every condition: when sci itself judges some (case-sensitive
    /// fulltext), pages are read until `limit` children have passed, not only the first `limit` the server sends.
    public func children(
        of path: String, matching query: Query = Query(), sort: [SortKey] = [], pageSize: Int = 100, limit: Int? = nil
    ) -> Paged<Node> {
        let local = query.filtersLocally
        let pageSize = min(max(1, (local ? nil : limit).map { min($0, pageSize) } ?? pageSize), 300)
        let base = "\(baseURL)/api/v1/search/\(TiledPath.encode(path))"
        // The next page is asked for while the caller reads this one; `next` is nil once `limit` children have
        // passed, so nothing is fetched past the limit.
        return Paged(prefetch: true) { cursor in
            // The cursor is the server offset of the next page, then how many children passed so far when that
            // differs (`300,2`).
            let parts = cursor?.split(separator: ",").compactMap { Int($0) } ?? []
            let offset = parts.first ?? 0, admitted = parts.count > 1 ? parts[1] : offset
            var items = query.queryItems + sort.map { URLQueryItem(name: "sort", value: $0.parameter) }
            items.append(URLQueryItem(name: "page[offset]", value: String(offset)))
            let size = local ? pageSize : limit.map { min(pageSize, $0 - admitted) } ?? pageSize
            items.append(URLQueryItem(name: "page[limit]", value: String(max(1, size))))
            let url = base + "?" + TiledPath.queryString(items)
            let answer = try await self.json(url)
            let resources: [JSONValue]? = if case .array(let items)? = answer["data"] { items } else { nil }
            let nodes = resources?.compactMap(Node.init(resource:)) ?? []
            guard let resources, nodes.count == resources.count else {
                throw HTTPError.decoding(path: "data", message: "not a list of nodes", url: url)
            }
            var kept = nodes.filter(query.admitsLocally)
            if let limit { kept = Array(kept.prefix(max(0, limit - admitted))) }
            let end = offset + nodes.count, passed = admitted + kept.count
            let more = answer["links"]?["next"].map { $0 != .null } ?? false
            var next: String? = !more || nodes.isEmpty ? nil : passed == end ? String(end) : "\(end),\(passed)"
            if let limit, passed >= limit { next = nil }
            return Page(items: kept, next: next, total: answer["meta"]?["count"]?.intValue.map(Int.init))
        }
    }

    /// Every child matching `query`, in the server's order or by `sort`, at most `limit`.
    public func search(
        _ path: String, _ query: Query = Query(), sort: [SortKey] = [], limit: Int? = nil
    ) async throws -> [Node] {
        try await children(of: path, matching: query, sort: sort, limit: limit).items()
    }

    /// GETs `url` and reads its JSON answer.
    func json(_ url: String) async throws -> JSONValue {
        try await http.send(HTTPRequest(.get, url, headers: ["Accept": "application/json"])).json()
    }

    /// GETs a data route and returns the raw body, asking for `accept`.
    func data(_ route: String, _ path: String, items: [URLQueryItem] = [], accept: String) async throws -> Data {
        var url = "\(baseURL)/api/v1/\(route)/\(TiledPath.encode(path))"
        if !items.isEmpty { url += "?" + TiledPath.queryString(items) }
        var headers: HTTPHeaders = ["Accept": accept]
        // Binary arrays seldom compress, and Tiled tries the encoding a client offers before sending the bytes as
        // they are: offering none saves it that work (0.3 s per 100 MB block; gzip took seconds).
        if accept == "application/octet-stream" { headers["Accept-Encoding"] = "identity" }
        return try await http.send(HTTPRequest(.get, url, headers: headers)).body
    }
}
