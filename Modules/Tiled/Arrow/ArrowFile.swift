import Foundation
import SciCore

/// A table in Apache Arrow's IPC file format, which Tiled takes for table uploads and whose schema message it keeps in
/// a table's structure. Columns of whole numbers become int64 (uint64 when a value is above Int64.max and none is
/// negative), other numbers float64, true/false bool, anything else utf8 (text as `plainText` shows it); nulls are
/// marked in validity bitmaps. One record batch holds every row. The schema carries pandas' metadata, as pyarrow
/// writes it from a DataFrame, so that an integer column with nulls reads back as pandas' nullable `Int64` rather
/// than as float64 (which would round values beyond 2^53).
struct ArrowFile {
    /// The type a column is written as.
    enum ColumnType: Equatable {
        case int64, uint64, float64, bool, utf8
    }

    let table: Table
    let types: [ColumnType]

    init(_ table: Table) {
        self.table = table
        types = table.columns.map { Self.type(of: table.values[$0] ?? []) }
    }

    /// `Schema.serialize()` in pyarrow's words: the encapsulated schema message.
    var schemaMessage: [UInt8] { Self.message(header: 1, schema, bodyLength: 0) }

    /// The whole file: magic, schema, one record batch, footer.
    var bytes: [UInt8] {
        var file = Array("ARROW1".utf8) + [0, 0]
        file += schemaMessage
        let (metadata, body) = recordBatch
        let batchOffset = file.count
        let batch = Self.message(header: 3, metadata, bodyLength: body.count)
        file += batch + body
        file += [0xFF, 0xFF, 0xFF, 0xFF, 0, 0, 0, 0]
        var block: [UInt8] = []
        Self.append(Int64(batchOffset), to: &block)
        Self.append(Int32(batch.count), to: &block)
        Self.append(Int32(0), to: &block)
        Self.append(Int64(body.count), to: &block)
        let footer = FlatBuffer.encode(.table([
            .i16(4), .object(schema), .object(.structs([], count: 0)), .object(.structs(block, count: 1)), nil,
        ]))
        file += footer
        Self.append(Int32(footer.count), to: &file)
        file += Array("ARROW1".utf8)
        return file
    }

    private var schema: FlatBuffer.Object {
        let fields = zip(table.columns, types).map { name, type -> FlatBuffer.Object in
            let (typeID, typeTable): (UInt8, FlatBuffer.Object) = switch type {
            case .int64: (2, .table([.i32(64), .bool(true)]))
            case .uint64: (2, .table([.i32(64), .bool(false)]))
            case .float64: (3, .table([.i16(2)]))
            case .utf8: (5, .table([]))
            case .bool: (6, .table([]))
            }
            return .table([.object(.string(name)), .bool(true), .u8(typeID), .object(typeTable), nil, .object(.tables([])), nil])
        }
        let pandas: FlatBuffer.Object = .table([.object(.string("pandas")), .object(.string(pandasMetadata.jsonString()))])
        return .table([.i16(0), .object(.tables(fields)), .object(.tables([pandas])), nil])
    }

    /// What pyarrow's `Table.from_pandas` records about a DataFrame: a range index and each column's dtype, the
    /// nullable extension dtypes (`Int64`, `UInt64`) for integer columns with nulls.
    var pandasMetadata: JSONValue {
        let columns = zip(table.columns, types).map { name, type -> JSONValue in
            let nullable = (table.values[name] ?? []).contains(.null)
            let (pandasType, numpyType): (String, String) = switch type {
            case .int64: ("int64", nullable ? "Int64" : "int64")
            case .uint64: ("uint64", nullable ? "UInt64" : "uint64")
            case .float64: ("float64", "float64")
            case .bool: ("bool", nullable ? "object" : "bool")
            case .utf8: ("unicode", "object")
            }
            return ["name": .string(name), "field_name": .string(name), "pandas_type": .string(pandasType),
                    "numpy_type": .string(numpyType), "metadata": nil]
        }
        let index: JSONValue = ["kind": "range", "name": nil, "start": 0, "stop": .int(Int64(table.rowCount)), "step": 1]
        return [
            "index_columns": [index], "column_indexes": [], "columns": .array(columns), "attributes": [:],
            "creator": ["library": "sci", "version": .string(SciVersion.current)], "pandas_version": "2.2.0",
        ]
    }

    /// The record batch's metadata table and its body: per column a validity bitmap (empty without nulls) and the
    /// values (utf8: offsets then bytes), each padded to 8 bytes.
    private var recordBatch: (FlatBuffer.Object, [UInt8]) {
        let rows = table.rowCount
        var body: [UInt8] = []
        var nodes: [UInt8] = []
        var buffers: [UInt8] = []
        func buffer(_ data: [UInt8]) {
            Self.append(Int64(body.count), to: &buffers)
            Self.append(Int64(data.count), to: &buffers)
            body += data
            while body.count % 8 != 0 { body.append(0) }
        }
        for (column, type) in zip(table.columns, types) {
            let values = table.values[column] ?? []
            let nulls = values.filter { $0 == .null }.count
            Self.append(Int64(rows), to: &nodes)
            Self.append(Int64(nulls), to: &nodes)
            buffer(nulls == 0 ? [] : Self.bitmap(values.map { $0 != .null }))
            var data: [UInt8] = []
            switch type {
            case .int64: for value in values { Self.append(value.intValue ?? 0, to: &data) }
            case .uint64: for value in values { Self.append(value.uint64Value ?? 0, to: &data) }
            case .float64: for value in values { Self.append((value.doubleValue ?? 0).bitPattern, to: &data) }
            case .bool: data = Self.bitmap(values.map { $0 == .bool(true) })
            case .utf8:
                var text: [UInt8] = []
                var offsets: [UInt8] = []
                Self.append(Int32(0), to: &offsets)
                for value in values {
                    if value != .null { text += value.plainText.utf8 }
                    Self.append(Int32(text.count), to: &offsets)
                }
                buffer(offsets)
                data = text
            }
            buffer(data)
        }
        let metadata: FlatBuffer.Object = .table([
            .i64(Int64(rows)), .object(.structs(nodes, count: table.columns.count)),
            .object(.structs(buffers, count: buffers.count / 16)), nil, nil,
        ])
        return (metadata, body)
    }

    /// An encapsulated IPC message: continuation marker, metadata length, the `Message` flatbuffer (padded to 8).
    private static func message(header type: UInt8, _ header: FlatBuffer.Object, bodyLength: Int) -> [UInt8] {
        let metadata = FlatBuffer.encode(.table([.i16(4), .u8(type), .object(header), .i64(Int64(bodyLength)), nil]))
        var bytes: [UInt8] = [0xFF, 0xFF, 0xFF, 0xFF]
        append(Int32(metadata.count), to: &bytes)
        return bytes + metadata
    }

    private static func type(of values: [JSONValue]) -> ColumnType {
        let present = values.filter { $0 != .null }
        if !present.isEmpty, present.allSatisfy({ if case .int = $0 { true } else { false } }) { return .int64 }
        // Integers above Int64.max: uint64 when none is negative (otherwise no integer type holds them all).
        let unsigned = present.allSatisfy { value in
            switch value {
            case .int(let number): number >= 0
            case .uint: true
            default: false
            }
        }
        if unsigned, present.contains(where: { if case .uint = $0 { true } else { false } }) {
            return .uint64
        }
        if !present.isEmpty, present.allSatisfy({ $0.doubleValue != nil && $0.stringValue == nil }) { return .float64 }
        if !present.isEmpty, present.allSatisfy({ if case .bool = $0 { true } else { false } }) { return .bool }
        return .utf8
    }

    /// Bits in Arrow's order: least significant first.
    private static func bitmap(_ flags: [Bool]) -> [UInt8] {
        var bits = [UInt8](repeating: 0, count: (flags.count + 7) / 8)
        for (index, flag) in flags.enumerated() where flag { bits[index / 8] |= 1 << (index % 8) }
        return bits
    }

    private static func append<T: FixedWidthInteger>(_ value: T, to bytes: inout [UInt8]) {
        withUnsafeBytes(of: value.littleEndian) { bytes += $0 }
    }
}
