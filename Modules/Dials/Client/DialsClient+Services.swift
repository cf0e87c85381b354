import Foundation
public import SciCore
import SciHTTP

extension DialsClient {
    /// The workspaces DIALS has (`workspaces/`), as it answers them.
    public func workspaces() async throws -> JSONValue {
        try await json(server.apiURL + "workspaces/")
    }

    /// The workspace DIALS picks for this user when none is named (`workspaces/my-default/`).
    public func defaultWorkspace() async throws -> JSONValue {
        try await json(server.apiURL + "workspaces/my-default/")
    }

    /// A query of CMS OMS through DIALS' proxy (`oms-proxy/`): `endpoint` is OMS's (`runs`, `lumisections`, ...),
    /// `pages` its paging (`["offset": 0, "limit": 100]`). The answer is OMS's JSON:API document, as it came.
    public func oms(_ endpoint: String, filters: [OMSFilter] = [], pages: KeyValuePairs<String, Int> = [:]) async throws -> JSONValue {
        var items = [("endpoint", endpoint)]
        items += filters.map { ("filter[\($0.attribute)][\($0.operator.rawValue)]", $0.value) }
        items += pages.map { ("page[\($0.key)]", String($0.value)) }
        return try await json(server.apiURL + "oms-proxy/?" + Self.query(items))
    }

    /// The items of an OMS query, each its attributes (`run_number`, `fill_number`, ...): OMS's JSON:API envelope
    /// (`{"data": [{"type", "id", "attributes": {...}}], "meta": ...}`) unwrapped. `offset` items are skipped and at
    /// most `limit` returned (OMS answers 10 unless told).
    public func omsRows(_ endpoint: String, filters: [OMSFilter] = [], offset: Int = 0, limit: Int = 10) async throws -> [DialsRow] {
        let answer = try await oms(endpoint, filters: filters, pages: ["offset": offset, "limit": limit])
        guard case .array(let items)? = answer["data"] else {
            throw SciError("OMS answered \(endpoint) without a data list", hint: "is \(endpoint) an OMS endpoint?")
        }
        return items.compactMap { item -> DialsRow? in
            if case .object(let attributes)? = item["attributes"] { return attributes } else { return nil }
        }
    }
}
