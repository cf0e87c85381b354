import Foundation

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
            if let prefix, !path.hasPrefix("/") { path = prefix + "/" + path }
            return FileToIngest(path: path, dataId: dataId)
        }
    }

    /// The header and rows of CSV text; every row has as many fields as the header.
    public static func parse(_ text: String) throws -> (header: [String], rows: [[String]]) {
        var lines = text.split(whereSeparator: \.isNewline).map(String.init).filter { !$0.trimmingCharacters(in: .whitespaces).isEmpty }
        guard !lines.isEmpty else { return ([], []) }
        let header = try fields(lines.removeFirst())
        let rows = try lines.enumerated().map { index, line in
            let values = try fields(line)
            guard values.count == header.count else {
                throw ButlerError.invalidDataId("row \(index + 2) of the table has \(values.count) fields, not \(header.count)")
            }
            return values
        }
        return (header, rows)
    }

    /// The fields of one CSV line, with `"quoted, fields"` and `""` escapes.
    public static func fields(_ line: String) throws -> [String] {
        var fields: [String] = []
        var field = ""
        var quoted = false
        var chars = Array(line)[...]
        while let char = chars.popFirst() {
            if quoted {
                if char == "\"" {
                    if chars.first == "\"" {
                        field.append("\"")
                        chars.removeFirst()
                    } else {
                        quoted = false
                    }
                } else {
                    field.append(char)
                }
            } else if char == "\"" {
                quoted = true
            } else if char == "," {
                fields.append(field.trimmingCharacters(in: .whitespaces))
                field = ""
            } else {
                field.append(char)
            }
        }
        guard !quoted else { throw ButlerError.invalidDataId("unclosed quote in '\(line)'") }
        fields.append(field.trimmingCharacters(in: .whitespaces))
        return fields
    }
}
