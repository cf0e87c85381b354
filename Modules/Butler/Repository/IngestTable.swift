import Foundation
import SciCore

/// The table `ingest-files` reads: CSV with a header, the file in the first column and data ID values in the others,
/// as daf_butler's `butler ingest-files` takes.
public enum IngestTable {
    /// The files of a CSV table; `common` adds values to every data ID, `prefix` is put before relative paths.
    public static func read(_ text: String, common: DataId = DataId(), prefix: String? = nil) throws -> [FileToIngest] {
        let (header, rows) = try parse(text)
        return rows.map { values in
            var dataId = common
            for (name, value) in zip(header.dropFirst(), values.dropFirst()) { dataId[name] = .string(value) }
            var path = values[0]
            if let prefix, !path.hasPrefix("/"), !path.contains("://") { path = prefix + "/" + path }
            return FileToIngest(path: path, dataId: dataId)
        }
    }

    /// The header and rows of CSV text; every row has as many fields as the header.
    public static func parse(_ text: String) throws -> (header: [String], rows: [[String]]) {
        // Blanks around unquoted fields are dropped: ingest tables are often written by hand.
        var records = try CSVReader(trimsBlanks: true).records(in: text)[...]
        guard let header = records.popFirst() else { return ([], []) }
        let rows = try records.enumerated().map { index, values in
            guard values.count == header.count else {
                throw ButlerError.invalidDataId("row \(index + 2) of the table has \(values.count) fields, not \(header.count)")
            }
            return values
        }
        return (header, rows)
    }
}
