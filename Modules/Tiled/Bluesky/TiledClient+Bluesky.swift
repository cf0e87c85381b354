public import Foundation
public import SciCore

extension TiledClient {
    /// The Bluesky runs under `path` that started in `since..<until` (either end open) and, when given, ran the plan
    /// `planName`, oldest first; at most `limit`.
    public func runs(
        in path: String = "", since: Date? = nil, until: Date? = nil, planName: String? = nil, limit: Int? = nil
    ) async throws -> [BlueskyRun] {
        var query = Query([.specs(include: ["BlueskyRun"])])
        if let since { query = query.and(.comparison(.ge, "start.time", .double(since.timeIntervalSince1970))) }
        if let until { query = query.and(.comparison(.lt, "start.time", .double(until.timeIntervalSince1970))) }
        if let planName { query = query.and(.eq("start.plan_name", .string(planName))) }
        return try await search(path, query, sort: [SortKey("start.time")], limit: limit).map(BlueskyRun.init)
    }

    /// The names of a run's streams (`primary`, `baseline`, ...), in the server's order.
    public func streams(of run: String) async throws -> [String] {
        try await search(run, Query([.structureFamily("container")])).map(\.key)
    }

    /// The event descriptors of one stream of a run, as the stream's metadata holds them.
    public func descriptors(of run: String, stream: String = "primary") async throws -> [JSONValue] {
        let node = try await node(TiledClient.join(run, stream))
        guard case .array(let descriptors)? = node.metadata["descriptors"] else { return [] }
        return descriptors
    }

    /// A stream's events as one table (its `data` table: one column per data key and `time`), `primary` unless told.
    public func streamData(of run: String, stream: String = "primary", columns: [String] = []) async throws -> Table {
        try await readTable(TiledClient.join(TiledClient.join(run, stream), "data"), columns: columns)
    }
}
