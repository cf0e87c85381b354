import Butler
import SciCore

extension DataId {
    /// The data ID's values as output columns.
    var row: [String: JSONValue] { values.mapValues { $0.json } }
}

extension Butler {
    /// The data ID columns of a dataset type's rows: its required dimensions in universe order, as daf_butler.
    func dataIdColumns(of datasetType: String) throws -> [String] {
        let universe = registry.universe
        return universe.inUniverseOrder(try universe.group(try registry.datasetType(datasetType).dimensions).required)
    }
}

extension DatasetRef {
    /// The row `query-datasets` prints: type, run, id, then data ID columns (and the file when asked).
    func row(butler: Butler, showURI: Bool) -> [String: JSONValue] {
        var row: [String: JSONValue] = [:]
        row.reserveCapacity(dataId.values.count + 4)
        for (name, value) in dataId.values { row[name] = value.json }
        row["type"] = .string(datasetType)
        row["run"] = .string(run)
        row["id"] = .string(id.lowercasedString)
        if showURI, let uri = try? butler.uri(of: self) { row["uri"] = .string(uri) }
        return row
    }
}
