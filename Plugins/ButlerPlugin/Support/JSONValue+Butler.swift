import Butler
import SciCore

extension DataId {
    /// The data ID's values as output columns.
    var row: [String: JSONValue] { values.mapValues(\.json) }
}

extension DatasetRef {
    /// The row `query-datasets` prints: type, run, id, then data ID columns (and the file when asked).
    func row(butler: Butler, showURI: Bool) -> [String: JSONValue] {
        var row = dataId.row
        row["type"] = .string(datasetType)
        row["run"] = .string(run)
        row["id"] = .string(id.uuidString.lowercased())
        if showURI, let path = try? butler.path(of: self) { row["uri"] = .string("file://" + path) }
        return row
    }
}
