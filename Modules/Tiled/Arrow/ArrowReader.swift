import Foundation
import SciCore

/// Reads a table sent in Apache Arrow's IPC format (the file format Tiled sends, or a bare stream): typed columns
/// straight from the bytes, with their order and nulls, instead of the server's JSON rendering of them.
///
/// Columns of integers, floats, booleans, strings, dates and timestamps are read; a table with anything else
/// (lists, structs, dictionary-encoded or compressed columns, big-endian data) is `Unsupported`, and the client asks
/// for it as JSON instead. Bytes that contradict themselves are `FlatTable.Malformed`, never a read out of bounds.
enum ArrowReader {
    /// The table uses something this reader does not read.
    struct Unsupported: Error, CustomStringConvertible {
        var description: String
    }

    /// The type of one column, as far as reading its buffers goes.
    enum Kind {
        case null
        case int(bytes: Int, signed: Bool)
        case float(bytes: Int)
        case bool
        case utf8(offsetBytes: Int)
        /// Dates as days (date32) or milliseconds (date64) since 1970-01-01.
        case date(millisecondsPerUnit: Int64)
        /// Instants in units of `1 / unitsPerSecond` s; `zone` is the column's time zone when it has one (the values
        /// are UTC and shown in that zone).
        case timestamp(unitsPerSecond: Int64, zone: String?)

        /// The buffers each column of this kind has in a record batch (validity first).
        var bufferCount: Int {
            switch self {
            case .null: return 0
            case .utf8: return 3
            default: return 2
            }
        }
    }

    /// The table held by `data`.
    static func table(from data: Data) throws -> Table {
        try data.withUnsafeBytes { try table(from: $0) }
    }

    private static func table(from data: UnsafeRawBufferPointer) throws -> Table {
        let isFile = data.starts(with: "ARROW1".utf8)
        var offset = isFile ? 8 : 0
        var ended = false
        var fields: [(name: String, kind: Kind)]?
        var indexColumns: Set<String> = []
        var columns: [[JSONValue]] = []
        func int32(at position: Int) throws -> Int {
            guard position + 4 <= data.count else { throw FlatTable.Malformed(description: "the data ends inside a message") }
            return Int(Int32(littleEndian: data.loadUnaligned(fromByteOffset: position, as: Int32.self)))
        }
        while offset + 4 <= data.count {
            var length = try int32(at: offset)
            offset += 4
            // Messages start with a continuation marker (-1) before their length, except in the oldest writers' output.
            if length == -1 {
                length = try int32(at: offset)
                offset += 4
            }
            if length == 0 {  // the end of the stream; a file's footer repeats what was read
                ended = true
                break
            }
            guard length > 0, length <= data.count - offset else { throw FlatTable.Malformed(description: "a message runs past the end") }
            let message = try FlatTable(root: Array(data[offset..<offset + length]))
            offset += length
            let bodyLength: Int64 = try message.scalar(3)
            guard bodyLength >= 0, bodyLength <= data.count - offset else { throw FlatTable.Malformed(description: "a body runs past the end") }
            let body = UnsafeRawBufferPointer(rebasing: data[offset..<offset + Int(bodyLength)])
            offset += Int(bodyLength)
            guard let header = try message.table(2) else { continue }
            switch try message.scalar(1) as UInt8 {
            case 1:
                fields = try schema(header)
                indexColumns = try pandasIndex(header)
                columns = Array(repeating: [], count: fields?.count ?? 0)
            case 2:
                throw Unsupported(description: "dictionary-encoded columns")
            case 3:
                guard let fields else { throw FlatTable.Malformed(description: "a record batch before the schema") }
                let batch = try recordBatch(header, kinds: fields.map(\.kind), body: body)
                for column in columns.indices { columns[column] += batch[column] }
            default:
                continue
            }
        }
        // Without its end marker (and a file without its closing magic) the data was cut, perhaps between two batches.
        guard ended, !isFile || data.count >= 14 && data.suffix(6).elementsEqual("ARROW1".utf8) else {
            throw FlatTable.Malformed(description: "the data was cut short")
        }
        guard let fields else { throw FlatTable.Malformed(description: "no schema") }
        var values: [String: [JSONValue]] = [:]
        for (field, column) in zip(fields, columns) where !indexColumns.contains(field.name) { values[field.name] = column }
        return Table(columns: fields.map(\.name).filter { !indexColumns.contains($0) }, values: values)
    }

    /// The columns that hold a pandas index (`__index_level_0__`, ...), named in the schema's `pandas` metadata: the
    /// Python client makes them the frame's index and the server's JSON and CSV leave them out, so they are not columns.
    private static func pandasIndex(_ schema: FlatTable) throws -> Set<String> {
        for pair in try schema.tables(2) where try pair.string(0) == "pandas" {
            guard let text = try pair.string(1), case .array(let columns)? = try? JSONParser.parse(Data(text.utf8))["index_columns"] else {
                return []
            }
            return Set(columns.compactMap(\.stringValue))
        }
        return []
    }

    /// The columns' names and kinds from a `Schema` table.
    private static func schema(_ schema: FlatTable) throws -> [(name: String, kind: Kind)] {
        guard try schema.scalar(0) as Int16 == 0 else { throw Unsupported(description: "big-endian data") }
        return try schema.tables(1).map { field in
            let name = try field.string(0) ?? ""
            guard try field.table(4) == nil else { throw Unsupported(description: "dictionary-encoded column \(name)") }
            return (name, try kind(typeID: field.scalar(2), type: field.table(3), column: name))
        }
    }

    private static func kind(typeID: UInt8, type: FlatTable?, column: String) throws -> Kind {
        // Every type table's first field is its width, precision or unit.
        func first<T: FixedWidthInteger>(default value: T) throws -> T { try type?.scalar(0, default: value) ?? value }
        switch typeID {
        case 1: return .null
        case 2:
            let bits: Int32 = try first(default: 0)
            guard [8, 16, 32, 64].contains(bits) else { throw FlatTable.Malformed(description: "a \(bits)-bit integer") }
            return .int(bytes: Int(bits) / 8, signed: try type?.bool(1) ?? false)
        case 3:
            switch try first(default: Int16(0)) {
            case 1: return .float(bytes: 4)
            case 2: return .float(bytes: 8)
            default: throw Unsupported(description: "half-precision column \(column)")
            }
        case 5: return .utf8(offsetBytes: 4)
        case 20: return .utf8(offsetBytes: 8)
        case 6: return .bool
        case 8: return .date(millisecondsPerUnit: try first(default: Int16(1)) == 0 ? 86_400_000 : 1)
        case 10:
            let unitsPerSecond: Int64 = switch try first(default: Int16(0)) {
            case 0: 1
            case 1: 1_000
            case 2: 1_000_000
            default: 1_000_000_000
            }
            return .timestamp(unitsPerSecond: unitsPerSecond, zone: try type?.string(1))
        default:
            throw Unsupported(description: "column \(column) of Arrow type \(typeID)")
        }
    }

    /// The values of every column in one `RecordBatch`.
    private static func recordBatch(_ batch: FlatTable, kinds: [Kind], body: UnsafeRawBufferPointer) throws -> [[JSONValue]] {
        guard try batch.table(3) == nil else { throw Unsupported(description: "compressed record batches") }
        let nodes = try batch.structs(1, size: 16)
        let buffers = try batch.structs(2, size: 16).map { at -> UnsafeRawBufferPointer in
            let start: Int64 = try batch.read(Int64.self, at: at)
            let length: Int64 = try batch.read(Int64.self, at: at + 8)
            guard start >= 0, length >= 0, start <= body.count, length <= body.count - Int(start) else {
                throw FlatTable.Malformed(description: "a buffer outside the message body")
            }
            return UnsafeRawBufferPointer(rebasing: body[Int(start)..<Int(start + length)])
        }
        guard nodes.count == kinds.count, buffers.count == kinds.reduce(0, { $0 + $1.bufferCount }) else {
            throw FlatTable.Malformed(description: "a record batch that does not match its schema")
        }
        // Every column has the batch's rows, each taking a bit at least, except all-null ones, which take nothing:
        // a count far beyond the body is damage, or a table of nulls best left to the JSON rendering.
        let length: Int64 = try batch.scalar(0)
        guard length >= 0 else { throw FlatTable.Malformed(description: "a negative row count") }
        guard length <= 8 * Int64(body.count) + 4096 else { throw Unsupported(description: "\(length) rows of nulls") }
        var next = 0
        return try zip(kinds, nodes).map { kind, node in
            let rows = Int(try batch.read(Int64.self, at: node))
            guard rows == length else { throw FlatTable.Malformed(description: "a column of \(rows) rows in a batch of \(length)") }
            let nulls = Int(try batch.read(Int64.self, at: node + 8))
            let own = Array(buffers[next..<next + kind.bufferCount])
            next += kind.bufferCount
            return try ArrowColumn(kind: kind, rows: rows, nulls: nulls, buffers: own).values()
        }
    }
}
