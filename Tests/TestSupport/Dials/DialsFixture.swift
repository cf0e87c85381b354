import Foundation
public import Hummingbird
import NIOCore
public import SciCore
import Synchronization

/// A DIALS server for tests, the peer case and the benchmark: every cmsdials route under `/api/v1/`, cursor pages
/// (`next_token`, `page_size` default 10 and at most 500), django-filter semantics, `Authorization: Bearer` or
/// `X-CLIENT-SECRET`, the `Workspace` header, a Keycloak with the device flow under `/auth/`, and injected faults.
public final class DialsFixture: Sendable {
    /// The data served.
    public let universe: DialsUniverse
    /// Faults to inject; also settable over HTTP with `POST /fixture/faults?kind=503&after=1&count=2`.
    public let faults = DialsFaults()
    /// The device flow's behaviour.
    public let keycloak: DialsKeycloak
    /// The workspaces that exist; another name in `Workspace` is answered 404.
    public let workspaces: Set<String> = ["tracker", "jetmet", "csc", "ecal", "hcal", "muon", "egamma", "btv"]
    private let tokens = Mutex<Set<String>>([DialsFixture.token])
    private let log = Mutex<[String: String]>([:])
    private let counter = Mutex(0)
    private let pages = Mutex(PageCache())
    private let canned = Mutex<[String: JSONValue]>([:])

    /// Answers already serialized, by workspace and URL, up to 128 MiB.
    private struct PageCache {
        var bodies: [String: ByteBuffer] = [:]
        var bytes = 0
    }

    /// The bearer token always accepted.
    public static let token = "fixture-token"
    /// The client secret accepted as `X-CLIENT-SECRET`.
    public static let clientSecret = "fixture-secret"

    /// A fixture over `universe`.
    public init(universe: DialsUniverse = DialsUniverse(), keycloak: DialsKeycloak = DialsKeycloak()) {
        self.universe = universe
        self.keycloak = keycloak
    }

    /// Starts it on a loopback port.
    public func start(port: Int = 0) async throws -> LoopbackServer {
        try await LoopbackServer.start(router(), port: port)
    }

    /// How many DIALS API requests arrived.
    public var requestCount: Int { counter.withLock { $0 } }

    /// The headers of the last API request, names lowercased.
    public var lastHeaders: [String: String] { log.withLock { $0 } }

    /// Answers `value` to every request for `path` (such as `/api/v1/th1/1/1/1/1/`), whatever DIALS would: for rows
    /// the generated data never has (counts too large for an integer, negative bins).
    public func serve(_ value: JSONValue, at path: String) { canned.withLock { $0[path] = value } }

    /// Makes a token acceptable, as the token exchange does.
    func accept(token: String) { _ = tokens.withLock { $0.insert(token) } }

    /// The router.
    public func router() -> Router<BasicRequestContext> {
        let router = Router()
        router.get("api/**") { request, _ in try await self.api(request) }
        router.post("api/**") { request, _ in try await self.api(request) }
        router.post("auth/**") { request, _ in try await self.keycloak.handle(request, fixture: self) }
        router.post("fixture/faults") { request, _ in
            let query = request.uri.queryParameters
            guard let kind = query.get("kind").flatMap(DialsFaults.Kind.init(rawValue:)) else {
                return Self.json(["detail": "kind must be 503, 429, 500, drop or slow"], status: .badRequest)
            }
            self.faults.add(.init(
                kind, after: query.get("after", as: Int.self) ?? 0, count: query.get("count", as: Int.self) ?? 1,
                retryAfterSeconds: query.get("retryAfter", as: Int.self) ?? 1, milliseconds: query.get("ms", as: Int.self) ?? 2000))
            return Self.json(["planned": .string(kind.rawValue)])
        }
        router.delete("fixture/faults") { _, _ in
            self.faults.clear()
            return Self.json(["planned": .null])
        }
        return router
    }

    // MARK: API

    private func api(_ request: Request) async throws -> Response {
        counter.withLock { $0 += 1 }
        var headers: [String: String] = [:]
        for field in request.headers { headers[field.name.canonicalName.lowercased()] = field.value }
        log.withLock { $0 = headers }

        if let refusal = authorize(headers) { return refusal }
        if let workspace = headers["workspace"], !workspaces.contains(workspace) {
            return Self.json(["detail": .string("Workspace '\(workspace)' not found")], status: .notFound)
        }
        if let value = canned.withLock({ $0[request.uri.path] }) { return Self.json(value) }
        if let fault = faults.next() {
            switch fault.kind {
            case .unavailable: return Self.json(["detail": "Service Unavailable"], status: .serviceUnavailable)
            case .serverError: return Self.json(["detail": "A server error occurred."], status: .internalServerError)
            case .tooManyRequests:
                var response = Self.json(["detail": "Request was throttled."], status: .tooManyRequests)
                response.headers[.retryAfter] = String(fault.retryAfterSeconds)
                return response
            case .slow: try await Task.sleep(for: .milliseconds(fault.milliseconds))
            case .drop: return Self.cut(try await route(request, headers: headers))
            }
        }
        // Pages are pure functions of their URL and workspace, so a listing read again is served from memory: the
        // benchmark warms it, and then measures the clients rather than the fixture's row generation.
        let key = request.method == .get ? "\(headers["workspace"] ?? "")|\(request.uri.description)" : nil
        if let key, let cached = pages.withLock({ $0.bodies[key] }) {
            return Response(status: .ok, headers: [.contentType: "application/json"], body: ResponseBody(byteBuffer: cached))
        }
        let answer: Answer
        do {
            answer = try await route(request, headers: headers)
        } catch let error as DialsFixtureQuery.InvalidFilter {
            return Self.json(["detail": .string(error.detail)], status: .badRequest)
        }
        let response = Self.json(answer.value, status: answer.status)
        if let key, answer.status == .ok {
            let body = ByteBuffer(string: answer.value.jsonString())
            pages.withLock { cache in
                if cache.bytes > 128 << 20 { cache = PageCache() }
                cache.bodies[key] = body
                cache.bytes += body.readableBytes
            }
            return Response(status: .ok, headers: [.contentType: "application/json"], body: ResponseBody(byteBuffer: body))
        }
        return response
    }

    private func authorize(_ headers: [String: String]) -> Response? {
        if let secret = headers["x-client-secret"] {
            return secret == Self.clientSecret ? nil
                : Self.json(["detail": "Token is invalid or expired", "code": "token_not_valid"], status: .unauthorized)
        }
        guard let authorization = headers["authorization"] else {
            return Self.json(["detail": "Authorization header not found.", "code": "authorization_not_found"], status: .unauthorized)
        }
        let parts = authorization.split(separator: " ", maxSplits: 1).map(String.init)
        guard parts.count == 2, parts[0].lowercased() == "bearer", tokens.withLock({ $0.contains(parts[1]) }) else {
            return Self.json(["detail": "Token is invalid or expired", "code": "token_not_valid"], status: .unauthorized)
        }
        return nil
    }

    private func route(_ request: Request, headers: [String: String]) async throws -> Answer {
        let parts = request.uri.path.split(separator: "/").map(String.init)
        guard parts.count >= 3, parts[0] == "api", parts[1] == "v1" else { return notFound() }
        let route = parts[2]
        let keys = Array(parts.dropFirst(3))
        let query = Self.formDecoded(request.uri.query ?? "")

        if request.method == .post {
            guard route == "ml-bad-lumisection", keys.count == 1 else { return notFound() }
            let body = try JSONParser.parse(Data(buffer: try await request.body.collect(upTo: 1 << 20)))
            return mlJSON(kind: keys[0], body: body)
        }
        switch route {
        case "workspaces":
            if keys == ["my-default"] { return Answer(["workspace": "tracker"]) }
            return Answer(["workspaces": .array(workspaces.sorted().map { .string($0) })])
        case "oms-proxy":
            let answer = DialsFixtureOMS(universe: universe).answer(query)
            return Answer(answer.value, status: HTTPResponse.Status(code: answer.status))
        case "mes":
            if let id = keys.first {
                guard let me = universe.elements.first(where: { String($0.id) == id }) else { return notFound() }
                return Answer(.object(universe.meRow(me)))
            }
            let filters = try DialsFixtureQuery(query)
            let rows = universe.elements.filter {
                filters.allows("me", text: $0.name) && filters.allows("dim", $0.dim) && filters.allows("me_id", $0.id)
            }.map { JSONValue.object(universe.meRow($0)) }
            return Answer(.array(rows))
        default:
            guard let scan = DialsFixtureScan(route: route, universe: universe) else { return notFound() }
            if !keys.isEmpty {
                guard let row = scan.object(keys: keys) else { return notFound() }
                return Answer(.object(row))
            }
            return try page(scan, query: query, request: request, headers: headers)
        }
    }

    private func page(_ scan: DialsFixtureScan, query: [String: String], request: Request, headers: [String: String]) throws -> Answer {
        let filters = try DialsFixtureQuery(query)
        let size = min(max(filters.int("page_size") ?? 10, 1), 500)
        var start = [0, 0, 0, 0]
        if let token = query["next_token"] {
            guard let position = Self.position(token) else { return Answer(["detail": "Invalid cursor"], status: .notFound) }
            start = position
        }
        var rows: [JSONValue] = []
        var next: [Int]?
        scan.run(from: start, filters: filters) { position in
            if rows.count == size {
                next = position
                return false
            }
            rows.append(.object(scan.row(position)))
            return true
        }
        var nextURL: JSONValue = .null
        if let next {
            // An absolute URL with the other parameters kept, as DRF's `build_absolute_uri` makes it.
            var items = query.filter { $0.key != "next_token" }.sorted { $0.key < $1.key }.map { URLQueryItem(name: $0.key, value: $0.value) }
            items.insert(URLQueryItem(name: "next_token", value: Self.token(next)), at: 0)
            var components = URLComponents()
            components.queryItems = items
            // HTTP/1.1's Host header arrives as the request's authority (`127.0.0.1:PORT`), port included.
            let host = request.head.authority ?? headers["host"] ?? "127.0.0.1"
            nextURL = .string("http://\(host)\(request.uri.path)?\((components.percentEncodedQuery ?? "").replacingOccurrences(of: "+", with: "%2B"))")
        }
        return Answer(["next": nextURL, "previous": .null, "results": .array(rows)])
    }

    private func mlJSON(kind: String, body: JSONValue) -> Answer {
        func ints(_ key: String) -> [Int]? {
            guard case .array(let items)? = body[key] else { return nil }
            let values = items.compactMap { $0.intValue.map(Int.init) }
            return values.count == items.count ? values : nil
        }
        guard let models = ints("model_id__in"), let datasets = ints("dataset_id__in"), let runs = ints("run_number__in") else {
            return Answer(["dataset_id__in and run_number__in, and model_id__in a valid list of integers"], status: .badRequest)
        }
        let u = universe
        let modelIndices = u.models.indices.filter { models.contains(u.models[$0].id) }
        var result: [String: JSONValue] = [:]
        for run in runs {
            for d in 0..<u.datasetCount where datasets.contains(u.datasetID(d)) {
                guard let r = u.runIndex(d, number: run) else { continue }
                var flagged: [String: JSONValue] = [:]
                var good: [Int] = []
                for l in 0..<u.lumisections(d, r) {
                    let bad = modelIndices.filter { u.isBad(model: $0, d, r, l) }
                    if bad.isEmpty { good.append(l + 1); continue }
                    flagged[String(l + 1)] = .array(bad.map { m in
                        let me = u.elements.first { $0.id == u.models[m].meID }!
                        return .object([
                            "model_id": .int(Int64(u.models[m].id)), "me_id": .int(Int64(me.id)), "me": .string(me.name),
                            "metric_value": .double(u.metricValue(model: m, d, r, l)),
                        ])
                    })
                }
                if kind == "cert-json" {
                    result[String(run)] = .object(flagged)
                } else if kind == "golden-json", !good.isEmpty {
                    var ranges: [JSONValue] = []
                    var first = good[0], last = good[0]
                    for ls in good.dropFirst() {
                        if ls == last + 1 { last = ls; continue }
                        ranges.append([.int(Int64(first)), .int(Int64(last))])
                        first = ls
                        last = ls
                    }
                    ranges.append([.int(Int64(first)), .int(Int64(last))])
                    result[String(run)] = .array(ranges)
                }
            }
            if kind == "cert-json", result[String(run)] == nil { result[String(run)] = .object([:]) }
        }
        guard kind == "cert-json" || kind == "golden-json" else { return notFound() }
        return Answer(.object(result))
    }

    private func notFound() -> Answer { Answer(["detail": "Not found."], status: .notFound) }

    /// A JSON answer before it becomes a response, so a fault can cut it.
    struct Answer {
        var value: JSONValue
        var status: HTTPResponse.Status
        init(_ value: JSONValue, status: HTTPResponse.Status = .ok) {
            self.value = value
            self.status = status
        }
    }

    // MARK: Wire helpers

    /// Query parameters decoded as Django does: `+` is a space (what Python's requests sends for one), then `%XX`.
    static func formDecoded(_ query: String) -> [String: String] {
        var values: [String: String] = [:]
        for pair in query.split(separator: "&") {
            let parts = pair.split(separator: "=", maxSplits: 1, omittingEmptySubsequences: false).map {
                String($0).replacingOccurrences(of: "+", with: " ").removingPercentEncoding ?? String($0)
            }
            values[parts[0]] = parts.count > 1 ? parts[1] : ""
        }
        return values
    }

    /// The opaque cursor of a position.
    static func token(_ position: [Int]) -> String {
        Data(("p=" + position.map(String.init).joined(separator: ",")).utf8).base64EncodedString()
    }

    static func position(_ token: String) -> [Int]? {
        guard let data = Data(base64Encoded: token), let text = String(data: data, encoding: .utf8), text.hasPrefix("p=") else { return nil }
        let numbers = text.dropFirst(2).split(separator: ",").compactMap { Int($0) }
        return numbers.count == 4 && numbers.allSatisfy { $0 >= 0 } ? numbers : nil
    }

    static func json(_ value: JSONValue, status: HTTPResponse.Status = .ok) -> Response {
        HTTPFixtureRoutes.jsonResponse(value, status: status)
    }

    /// The same answer, but the connection closes after half of its body.
    static func cut(_ answer: Answer) -> Response {
        let text = ByteBuffer(string: answer.value.jsonString())
        let half = text.getSlice(at: text.readerIndex, length: text.readableBytes / 2)!
        return Response(
            status: answer.status, headers: [.contentType: "application/json", .contentLength: String(text.readableBytes)],
            body: ResponseBody { writer in
                try await writer.write(half)
                throw CancellationError()
            })
    }
}
