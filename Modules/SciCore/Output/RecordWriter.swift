import Foundation

/// Renders rows in one `OutputFormat`. `json`, `jsonl` and `csv` are written as they come, in blocks of 64 KiB, so a
/// listing of millions of rows runs in constant memory and without a system call per row; `table` needs every row to
/// size its columns and prints on `finish()`. Whatever is pending is written by `finish()` (or when the writer goes).
public final class RecordWriter {
    /// The columns, in order. Rows may hold other keys: JSON keeps them, table and CSV show only these.
    public private(set) var columns: [String]
    private let format: OutputFormat
    private let sink: (String) -> Void
    /// The table format's rows, as the cells they print as (their values are not needed again).
    private var buffered: [[Cell]] = []
    private var count = 0
    private var started = false
    /// Output not yet written, as UTF-8: rows are appended as bytes, with no String per row.
    private var pending: [UInt8] = []
    /// The columns in JSON key order, sorted once rather than per row.
    private lazy var sortedColumns = JSONWriter.sorted(columns)
    /// The positions of the columns in JSON key order, for rows given by position.
    private lazy var sortedPositions = keysInColumnOrder
        ? Array(columns.indices) : columns.indices.sorted { columns[$0].utf8.lexicographicallyPrecedes(columns[$1].utf8) }
    /// Each column's `"key":` as JSON bytes, in `sortedPositions` order, for rows given by position.
    private lazy var memberPrefixes = JSONWriter.memberPrefixes(keys: columns, order: sortedPositions)
    private let keysInColumnOrder: Bool
    private static let blockSize = 1 << 16

    /// A writer to `sink` (standard output by default). With no columns, the first row's keys, sorted, are used.
    /// JSON objects have their keys sorted, unless `keysInColumnOrder`, when rows given by position (`write(values:)`)
    /// keep the columns' order (a table's rows, as pandas writes them).
    public init(
        format: OutputFormat, columns: [String] = [], keysInColumnOrder: Bool = false,
        sink: @escaping (String) -> Void = RecordWriter.standardOutput
    ) {
        self.format = format
        self.columns = columns
        self.keysInColumnOrder = keysInColumnOrder
        self.sink = sink
    }

    /// Writes to standard output.
    public static func standardOutput(_ text: String) {
        FileHandle.standardOutput.write(Data(text.utf8))
    }

    /// Adds one row.
    public func write(_ row: [String: JSONValue]) {
        if columns.isEmpty { columns = row.keys.sorted() }
        switch format {
        case .table:
            buffered.append(columns.map { Cell(cellText(row[$0])) })
        case .json, .jsonl:
            if format == .json { pending += (count == 0 ? "[\n  " : ",\n  ").utf8 }
            JSONWriter.writeObject(row, sortedKeys: sortedColumns, into: &pending)
            if format == .jsonl { pending.append(UInt8(ascii: "\n")) }
            flushIfFull()
        case .csv:
            if !started { emit(columns.map(csvField).joined(separator: ",") + "\n") }
            emit(columns.map { csvField(row[$0]?.plainText ?? "") }.joined(separator: ",") + "\n")
        }
        started = true
        count += 1
    }

    /// Adds one row given by position: `values[i]` is column `i`'s value (a missing one is null). For long listings:
    /// nothing per row but the values themselves, where a keyed row costs a dictionary.
    public func write(values: [JSONValue]) {
        precondition(!columns.isEmpty, "rows by position need the columns")
        switch format {
        case .table:
            buffered.append(columns.indices.map { Cell(cellText($0 < values.count ? values[$0] : nil)) })
        case .json, .jsonl:
            if format == .json { pending += (count == 0 ? "[\n  " : ",\n  ").utf8 }
            JSONWriter.writeObject(prefixes: memberPrefixes, values: values, order: sortedPositions, into: &pending)
            if format == .jsonl { pending.append(UInt8(ascii: "\n")) }
            flushIfFull()
        case .csv:
            if !started { emit(columns.map(csvField).joined(separator: ",") + "\n") }
            for index in columns.indices {
                if index > 0 { pending.append(UInt8(ascii: ",")) }
                if index < values.count { pending += csvField(values[index].plainText).utf8 }
            }
            pending.append(UInt8(ascii: "\n"))
            flushIfFull()
        }
        started = true
        count += 1
    }

    /// Adds many rows.
    public func write(_ rows: [[String: JSONValue]]) {
        for row in rows { write(row) }
    }

    /// Ends the output: closes the JSON array, or prints the table.
    public func finish() {
        flush()
        switch format {
        case .json: sink(count == 0 ? "[]\n" : "\n]\n")
        case .table: sink(renderTable())
        case .csv: if !started, !columns.isEmpty { sink(columns.map(csvField).joined(separator: ",") + "\n") }
        case .jsonl: break
        }
    }

    deinit { flush() }

    private func emit(_ text: String) {
        pending += text.utf8
        flushIfFull()
    }

    private func flushIfFull() {
        if pending.count >= Self.blockSize { flush() }
    }

    private func flush() {
        guard !pending.isEmpty else { return }
        sink(String(decoding: pending, as: UTF8.self))
        pending.removeAll(keepingCapacity: true)
    }

    /// The rows as aligned columns. Built as bytes, with widths counted in characters only for non-ASCII text: the
    /// Foundation padding and a trailing-space regex per line took 2 s for 100,000 rows.
    private func renderTable() -> String {
        guard !columns.isEmpty else { return "" }
        let header = columns.map { Cell($0.uppercased()) }
        var widths = header.map(\.width)
        for row in buffered {
            for (index, cell) in row.enumerated() { widths[index] = max(widths[index], cell.width) }
        }
        var bytes: [UInt8] = []
        func line(_ row: [Cell]) {
            for (index, cell) in row.enumerated() {
                if index > 0 { bytes += "  ".utf8 }
                bytes += cell.text.utf8
                if index < row.count - 1 { bytes += repeatElement(UInt8(ascii: " "), count: widths[index] - cell.width) }
            }
            // No trailing blanks, even when the last cells are empty.
            while let last = bytes.last, last == UInt8(ascii: " ") || last == UInt8(ascii: "\t") { bytes.removeLast() }
            bytes.append(UInt8(ascii: "\n"))
        }
        line(header)
        buffered.forEach(line)
        return String(decoding: bytes, as: UTF8.self)
    }

    /// A table cell and its width in characters.
    private struct Cell {
        let text: String
        let width: Int

        init(_ text: String) {
            self.text = text
            width = text.utf8.allSatisfy { $0 < 0x80 } ? text.utf8.count : text.count
        }
    }

    private func cellText(_ value: JSONValue?) -> String {
        var text = value?.plainText ?? ""
        // One row per line: newlines inside a cell would break the table.
        if text.utf8.contains(UInt8(ascii: "\n")) { text = text.replacingOccurrences(of: "\n", with: " ") }
        return text.utf8.count > 80 && text.count > 80 ? String(text.prefix(79)) + "…" : text
    }

    private func csvField(_ text: String) -> String {
        guard text.utf8.contains(where: { $0 == UInt8(ascii: ",") || $0 == UInt8(ascii: "\"") || $0 == 0x0A || $0 == 0x0D }) else {
            return text
        }
        return "\"" + text.replacingOccurrences(of: "\"", with: "\"\"") + "\""
    }
}
