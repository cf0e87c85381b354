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
        // Byte-level: an ingest table has a line per file, and every character CSV gives meaning to is ASCII.
        var lines = text.utf8.split(whereSeparator: { $0 == newline || $0 == carriageReturn })
            .filter { !$0.allSatisfy(isBlank) }[...]
        guard let first = lines.popFirst() else { return ([], []) }
        let header = try fields(first)
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
        try fields(line.utf8[...])
    }

    private static let newline = UInt8(ascii: "\n")
    private static let carriageReturn = UInt8(ascii: "\r")
    private static let quote = UInt8(ascii: "\"")
    private static let comma = UInt8(ascii: ",")

    private static func isBlank(_ byte: UInt8) -> Bool { byte == UInt8(ascii: " ") || byte == UInt8(ascii: "\t") }

    private static func fields(_ line: Substring.UTF8View) throws -> [String] {
        var fields: [String] = []
        var field: [UInt8] = []
        var quoted = false
        func end() {
            // Unquoted blanks around a field do not belong to it.
            let start = field.firstIndex { !isBlank($0) } ?? field.endIndex
            let stop = field.lastIndex { !isBlank($0) }.map { $0 + 1 } ?? start
            fields.append(String(decoding: field[start..<max(start, stop)], as: UTF8.self))
            field.removeAll(keepingCapacity: true)
        }
        var index = line.startIndex
        while index < line.endIndex {
            let byte = line[index]
            index = line.index(after: index)
            if quoted {
                if byte == quote {
                    if index < line.endIndex, line[index] == quote {
                        field.append(quote)
                        index = line.index(after: index)
                    } else {
                        quoted = false
                    }
                } else {
                    field.append(byte)
                }
            } else if byte == quote {
                quoted = true
            } else if byte == comma {
                end()
            } else {
                field.append(byte)
            }
        }
        guard !quoted else { throw ButlerError.invalidDataId("unclosed quote in '\(String(decoding: Array(line), as: UTF8.self))'") }
        end()
        return fields
    }
}
