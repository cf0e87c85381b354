public import SciCore
import SciHTTP
import Foundation
import Logging
import Synchronization

/// The HIPPO API, call by call, as hippoclient speaks it: products, versions, files, collections and links.
/// Requests to the API carry the key; transfers go to the server's signed upload and download URLs without it,
/// so a key never reaches a storage host.
public final class HippoClient: Sendable {
    /// The settings in use.
    public let settings: HenrySettings
    /// Part size of multipart uploads: HIPPO's 50 MiB.
    public static let partSize: Int64 = 52_428_800
    /// How many parts travel at once.
    public let parallelTransfers: Int
    let api: HTTPClient
    let transfers: HTTPClient

    /// A client for the server the settings name.
    public init(settings: HenrySettings, parallelTransfers: Int = 4) {
        self.settings = settings
        self.parallelTransfers = max(1, parallelTransfers)
        var configuration = HTTPClientConfiguration()
        configuration.requestTimeout = settings.timeout
        configuration.logger = Logger(label: "sci.henry.http")
        var transferConfiguration = configuration
        // A part or a file may take far longer than one API call; the stall timeout still catches dead transfers.
        transferConfiguration.requestTimeout = .seconds(86_400)
        if let key = settings.apiKey {
            configuration.authenticator = BearerToken(key)
        } else if let soauth = settings.soauth {
            configuration.authenticator = soauth
        }
        api = HTTPClient(configuration: configuration)
        transfers = HTTPClient(configuration: transferConfiguration)
    }

    // MARK: Products

    /// `PUT /product/new`: records a product and answers upload URLs per file name, with the headers each PUT of a
    /// file must carry (sci's `upload_headers`: a whole file's PUT that may only create its object).
    public func createProduct(_ body: JSONValue) async throws -> (id: String, uploadURLs: [String: [String]], uploadHeaders: [String: [String: String]]) {
        let answer = try await call(.put, "/product/new", body)
        guard let id = answer["id"]?.stringValue else { throw unexpected("/product/new", "no id") }
        return (id, Self.urls(answer["upload_urls"]), Self.headers(answer["upload_headers"]))
    }

    /// `POST /product/{id}/update`: a revision (or access change); answers the new version's id, upload URLs and
    /// the headers their PUTs carry.
    public func updateProduct(_ id: String, _ body: JSONValue) async throws
        -> (id: String, version: String, uploadURLs: [String: [String]], uploadHeaders: [String: [String: String]])
    {
        let answer = try await call(.post, "/product/\(Self.escape(id))/update", body)
        guard let newID = answer["id"]?.stringValue else { throw unexpected("/product/\(id)/update", "no id") }
        return (newID, answer["version"]?.stringValue ?? "", Self.urls(answer["upload_urls"]), Self.headers(answer["upload_headers"]))
    }

    /// `POST /product/{id}/complete` with each part's response headers and size, per file name.
    public func complete(_ id: String, headers: [String: [JSONValue]], sizes: [String: [Int64]]) async throws {
        let body: JSONValue = [
            "headers": .object(headers.mapValues { .array($0) }),
            "sizes": .object(sizes.mapValues { .array($0.map { .int($0) }) }),
        ]
        try await call(.post, "/product/\(Self.escape(id))/complete", body)
    }

    /// `POST /product/{id}/confirm`: the server checks that every source arrived.
    public func confirm(_ id: String) async throws { try await call(.post, "/product/\(Self.escape(id))/confirm") }

    /// `GET /product/{id}`: the requested version.
    public func product(_ id: String) async throws -> ProductRecord {
        let answer = try await call(.get, "/product/\(Self.escape(id))")
        guard let requested = answer["requested"]?.stringValue, let version = answer["versions"]?[requested] else {
            throw unexpected("/product/\(id)", "no requested version")
        }
        return try Self.decode(ProductRecord.self, version, "/product/\(id)")
    }

    /// `GET /product/{id}/tree`: every version, oldest first.
    public func versions(_ id: String) async throws -> [ProductRecord] {
        let answer = try await call(.get, "/product/\(Self.escape(id))/tree")
        guard case .object(let versions) = answer["versions"] ?? .null else { throw unexpected("/product/\(id)/tree", "no versions") }
        return try versions.values.map { try Self.decode(ProductRecord.self, $0, "/product/\(id)/tree") }
            .sorted { RevisionLevel.isOlder($0.version, than: $1.version) }
    }

    /// `GET /product/{id}/files`: the version's sources with download URLs, by slug.
    public func files(_ id: String) async throws -> [String: FileRecord] {
        let answer = try await call(.get, "/product/\(Self.escape(id))/files")
        return try Self.decode([String: FileRecord].self, answer["files"] ?? [:], "/product/\(id)/files")
    }

    /// `GET /product/search/{text}`: current versions whose names hold the words.
    public func searchProducts(_ text: String) async throws -> [ProductRecord] {
        try Self.decode([ProductRecord].self, try await call(.get, "/product/search/\(Self.escape(text))"), "/product/search")
    }

    /// `DELETE /product/{id}` (one version) or `/product/{id}/tree` (all); `data` also deletes the files.
    public func deleteProduct(_ id: String, allVersions: Bool = false, data: Bool = false) async throws {
        try await call(.delete, "/product/\(Self.escape(id))\(allVersions ? "/tree" : "")?data=\(data)")
    }

    /// `POST /product/{id}/update` with `level: null`: reader and writer changes for every version.
    public func changeAccess(
        product id: String, addReaders: [String] = [], removeReaders: [String] = [], addWriters: [String] = [],
        removeWriters: [String] = []
    ) async throws {
        let strings = { (list: [String]) in JSONValue.array(list.map { .string($0) }) }
        try await call(.post, "/product/\(Self.escape(id))/update", [
            "level": .null, "add_readers": strings(addReaders), "remove_readers": strings(removeReaders),
            "add_writers": strings(addWriters), "remove_writers": strings(removeWriters),
        ])
    }

    /// `PUT /relationships/product/{child}/child_of/{parent}` or its DELETE.
    public func link(product child: String, childOf parent: String, remove: Bool = false) async throws {
        try await call(remove ? .delete : .put, "/relationships/product/\(Self.escape(child))/child_of/\(Self.escape(parent))")
    }

    // MARK: Collections

    /// `PUT /relationships/collection/{name}`: a new collection's id.
    public func createCollection(name: String, description: String, readers: [String] = [], writers: [String] = []) async throws -> String {
        let answer = try await call(.put, "/relationships/collection/\(Self.escape(name))", [
            "description": .string(description), "readers": .array(readers.map { .string($0) }),
            "writers": .array(writers.map { .string($0) }),
        ])
        guard let id = answer.stringValue else { throw unexpected("/relationships/collection/\(name)", "no id") }
        return id
    }

    /// `GET /relationships/collection/{id}`.
    public func collection(_ id: String) async throws -> CollectionRecord {
        let path = "/relationships/collection/\(Self.escape(id))"
        return try Self.decode(CollectionRecord.self, try await call(.get, path), path)
    }

    /// `GET /relationships/collection/search/{name}`.
    public func searchCollections(_ name: String) async throws -> [CollectionRecord] {
        let path = "/relationships/collection/search/\(Self.escape(name))"
        return try Self.decode([CollectionRecord].self, try await call(.get, path), path)
    }

    /// Adds a product to a collection, or removes it.
    public func collection(_ id: String, product: String, remove: Bool = false) async throws {
        try await call(remove ? .delete : .put, "/relationships/collection/\(Self.escape(id))/\(Self.escape(product))")
    }

    /// Makes `child` a child collection of `parent`, or undoes it (HIPPO takes the ids in opposite orders for the two).
    public func collection(_ parent: String, child: String, remove: Bool = false) async throws {
        let path = remove ? "\(Self.escape(child))/child_of/\(Self.escape(parent))" : "\(Self.escape(parent))/child_of/\(Self.escape(child))"
        try await call(remove ? .delete : .put, "/relationships/collection/\(path)")
    }

    /// `DELETE /relationships/collection/{id}`.
    public func deleteCollection(_ id: String) async throws { try await call(.delete, "/relationships/collection/\(Self.escape(id))") }

    // MARK: Transfers

    /// Uploads a file in parts to the URLs the server gave, several parts at once, or whole to the one URL a server
    /// gave for it; every PUT carries `headers`. Returns each part's response headers and size, in order, for
    /// `complete`. A failed part is retried by the HTTP layer.
    public func upload(
        file path: String, size: Int64, to urls: [String], headers required: [String: String] = [:], progress: any ProgressReporter
    ) async throws -> (headers: [JSONValue], sizes: [Int64]) {
        // Parts of the size asked for (HIPPO's own), so the count is known; a server asking for another count would
        // have byte ranges past the end of the file, so it is refused rather than followed. One URL is the whole file
        // (a server that took `multipart_threshold`, or a file of one part anyway).
        let partSize = urls.count == 1 ? max(1, size) : Self.partSize
        let expected = size / partSize + (size % partSize == 0 ? 0 : 1)
        guard Int64(urls.count) == expected else {
            throw SciError(
                "the server gave \(urls.count) upload URLs for \(URL(fileURLWithPath: path).lastPathComponent) (\(size) bytes in parts of \(partSize)); expected \(expected)",
                hint: "is this a HIPPO server?")
        }
        let parts = urls.enumerated().map { index, url in
            (index, url, Int64(index) * partSize..<min(size, Int64(index + 1) * partSize))
        }
        let tally = PartTally(parts: parts.count, progress: progress)
        progress.start(label: URL(fileURLWithPath: path).lastPathComponent, total: size, unit: .bytes)
        var headers = [JSONValue](repeating: .null, count: parts.count)
        try await withThrowingTaskGroup(of: (Int, JSONValue).self) { group in
            var next = 0
            func launch() {
                let (index, url, range) = parts[next]
                next += 1
                group.addTask {
                    do {
                        var request = HTTPRequest(.put, url)
                        for (name, value) in required.sorted(by: { $0.key < $1.key }) { request.headers[name] = value }
                        let response = try await self.transfers.upload(file: path, range: range, to: request, progress: tally.reporter(for: index))
                        return (index, .object(Dictionary(response.headers.map { ($0.name, .string($0.value)) }) { first, _ in first }))
                    } catch HTTPError.status(412, _, _) where required["If-None-Match"] == "*" {
                        // A create-only PUT refused because the object is there: a retry after an answer that was
                        // lost. The server reads what landed before it accepts it.
                        return (index, .object([:]))
                    }
                }
            }
            while next < min(parallelTransfers, parts.count) { launch() }
            while let (index, answer) = try await group.next() {
                headers[index] = answer
                if next < parts.count { launch() }
            }
        }
        progress.finish()
        return (headers, parts.map { Int64($0.2.count) })
    }

    /// Downloads a file from its URL into `path`, resuming a `.part` left by an interrupted run, checked against
    /// `checksum`; `size`, when known, bounds what is written.
    public func download(_ url: String, to path: String, checksum: String, size: Int64? = nil, progress: (any ProgressReporter)? = nil) async throws {
        guard let expected = Checksum(parsing: checksum) else {
            throw SciError("the server gave no usable checksum ('\(checksum.prefix(40))') for \(url.prefix(200)); nothing was written")
        }
        do {
            _ = try await transfers.download(HTTPRequest(.get, url), to: path, expected: expected, expectedSize: size, progress: progress)
        } catch let error as HTTPError {
            // One line that names the file, not only the URL.
            let name = (path as NSString).lastPathComponent
            throw SciError("downloading \(name) failed: \(error.sciError.message)", hint: error.sciError.hint)
        }
    }

    // MARK: Plumbing

    /// Sends a JSON request to the API and returns its JSON answer (`null` for HIPPO's void routes).
    @discardableResult
    func call(_ method: HTTPMethod, _ path: String, _ body: JSONValue? = nil) async throws -> JSONValue {
        let url = settings.host + path
        var request = HTTPRequest(method, url, headers: ["Accept": "application/json"])
        if let body {
            request.body = Data(body.jsonString().utf8)
            request.headers["Content-Type"] = "application/json"
        }
        let response: HTTPResponse
        do {
            response = try await api.send(request)
        } catch HTTPError.transport(let code, let message, let url) where code == 7 {
            throw unreachable(HTTPError.transport(curlCode: code, message: message, url: url))
        } catch HTTPError.status(let code, let excerpt, let url) {
            throw HippoClient.refusal(code: code, excerpt: excerpt, url: url, keyGiven: settings.apiKey != nil || settings.soauth != nil)
        }
        if response.headers["Content-Type"]?.contains("text/html") == true || (300..<400).contains(response.status) {
            // Production HIPPO answers API calls it will not serve with a login page or a redirect to one.
            throw SciError(
                "\(settings.host) answered \(path) with a web page, not JSON: probably a login page",
                hint: "check the API key (HIPPO_API_KEY, henry.api_key_file) and that host is the API's address")
        }
        if response.body.isEmpty { return .null }
        do {
            return try JSONValue(parsing: response.body)
        } catch {
            throw unexpected(path, "an answer that is not JSON")
        }
    }

    /// A status error as one helpful line: HIPPO's `detail`, and what to do about keys.
    static func refusal(code: Int, excerpt: String, url: String, keyGiven: Bool) -> SciError {
        let detail = (try? JSONValue(parsing: Data(excerpt.utf8)))?["detail"].map { $0.stringValue ?? $0.jsonString() } ?? excerpt
        let shown = URLComponents(string: url).map { "\($0.path)" } ?? url
        switch code {
        case 401:
            return SciError(
                "the HIPPO server refused the API key (HTTP 401): \(detail)",
                hint: keyGiven ? "the key is wrong or revoked; ask the server's operator for a new one" :
                    "this server needs a key: put it in $XDG_CONFIG_HOME/sci/henry.key (mode 0600) or HIPPO_API_KEY")
        case 403: return SciError("not allowed: \(shown) (HTTP 403): \(detail)", hint: "your key lacks the permission for this")
        case 404: return SciError("not found: \(shown) (HTTP 404): \(detail)")
        case 409: return SciError("\(detail) (HTTP 409)", hint: "products are unique by name; revise the existing one with `sci henry revise`")
        default: return SciError("\(shown) failed (HTTP \(code)): \(detail)")
        }
    }

    private func unreachable(_ error: HTTPError) -> SciError {
        let hint = settings.isConfigured
            ? "is the server at \(settings.host) running? (host comes from \(settings.origins["host"] ?? "the settings"))"
            : "start a local registry with `sci henry serve --auth none`, or point at a server with HIPPO_HOST or \"host\" in ~/.hippo.conf"
        return SciError(error.sciError.message, hint: hint)
    }

    private func unexpected(_ path: String, _ what: String) -> SciError {
        SciError("\(settings.host)\(path) answered \(what); is this a HIPPO server?")
    }

    static func decode<T: Decodable>(_ type: T.Type, _ json: JSONValue, _ path: String) throws -> T {
        do {
            return try JSONDecoder().decode(T.self, from: Data(json.jsonString().utf8))
        } catch let error as DecodingError {
            throw SciError("\(path) answered JSON of an unexpected shape: \(error.reason) at \(error.jsonPath)")
        }
    }

    /// `upload_headers`: per file name, the headers its PUTs carry; none from a server that sends none.
    static func headers(_ json: JSONValue?) -> [String: [String: String]] {
        guard case .object(let members) = json ?? .null else { return [:] }
        return members.compactMapValues { value in
            guard case .object(let headers) = value else { return nil }
            return headers.compactMapValues(\.stringValue)
        }
    }

    static func urls(_ json: JSONValue?) -> [String: [String]] {
        guard case .object(let members) = json ?? .null else { return [:] }
        return members.mapValues { value in
            guard case .array(let items) = value else { return [] }
            return items.compactMap(\.stringValue)
        }
    }

    /// A path segment with everything but unreserved characters percent-encoded.
    static func escape(_ segment: String) -> String {
        segment.addingPercentEncoding(withAllowedCharacters: .alphanumerics.union(CharacterSet(charactersIn: "-._~"))) ?? segment
    }
}

/// Sums the bytes sent by a file's parts into the file's one progress bar.
private final class PartTally: Sendable {
    private let sent: Mutex<[Int64]>
    private let progress: any ProgressReporter

    init(parts: Int, progress: any ProgressReporter) {
        sent = Mutex([Int64](repeating: 0, count: parts))
        self.progress = progress
    }

    func reporter(for part: Int) -> any ProgressReporter { PartReporter(tally: self, part: part) }

    func record(_ bytes: Int64, part: Int) {
        let total = sent.withLock { sent in
            sent[part] = bytes
            return sent.reduce(0, +)
        }
        progress.update(completed: total, total: nil)
    }

    private struct PartReporter: ProgressReporter {
        let tally: PartTally
        let part: Int
        func start(label: String, total: Int64?, unit: ProgressUnit) {}
        func update(completed: Int64, total: Int64?) { tally.record(completed, part: part) }
        func finish() {}
    }
}
