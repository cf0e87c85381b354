import Foundation

/// Renders rows in one `OutputFormat`. `json`, `jsonl` and `csv` are written as they come, in blocks of 64 KiB, so a
/// listing of millions of rows runs in constant memory and without a system call per row; `table` needs every row to
/// size its columns and prints on `finish()`. Whatever is pending is written by `finish()` (or when the writer goes).
public final class RecordWriter {
    /// The columns, in order. Rows may hold other keys: JSON keeps them, table and CSV show only these.
    public private(set) var columns: [String]
    private let format: OutputFormat
    private let sink: (String) -> Void
    private var buffered: [[String: JSONValue]] = []
    private var count = 0
    private var started = false
    /// Output not yet written, as UTF-8: rows are appended as bytes, with no String per row.
    private var pending: [UInt8] = []
    /// The columns in JSON key order, sorted once rather than per row.
    private lazy var sortedColumns = JSONWriter.sorted(columns)
    /// The positions of the columns in JSON key order, for rows given by position.
    private lazy var sortedPositions = columns.indices.sorted { columns[$0].utf8.lexicographicallyPrecedes(columns[$1].utf8) }
    private static let blockSize = 1 << 16

    /// A writer to `sink` (standard output by default). With no columns, the first row's keys, sorted, are used.
    public init(format: OutputFormat, columns: [String] = [], sink: @escaping (String) -> Void = RecordWriter.standardOutput) {
        self.format = format
        self.columns = columns
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
            buffered.append(row)
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
            var row: [String: JSONValue] = [:]
            for (column, value) in zip(columns, values) { row[column] = value }
            buffered.append(row)
        case .json, .jsonl:
            if format == .json { pending += (count == 0 ? "[\n  " : ",\n  ").utf8 }
            JSONWriter.writeObject(keys: columns, values: values, order: sortedPositions, into: &pending)
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

    private func renderTable() -> String {
        guard !columns.isEmpty else { return "" }
        let cells = buffered.map { row in columns.map { cellText(row[$0]) } }
        var widths = columns.map(\.count)
        for row in cells {
            for (index, cell) in row.enumerated() { widths[index] = max(widths[index], cell.count) }
        }
        func line(_ values: [String]) -> String {
            zip(values, widths).map { $0.padding(toLength: $1, withPad: " ", startingAt: 0) }
                .joined(separator: "  ").replacingOccurrences(of: "\\s+$", with: "", options: .regularExpression) + "\n"
        }
        var text = line(columns.map { $0.uppercased() })
        for row in cells { text += line(row) }
        return text
    }

    private func cellText(_ value: JSONValue?) -> String {
        let text = value?.plainText ?? ""
        // One row per line: newlines inside a cell would break the table.
        let flat = text.replacingOccurrences(of: "\n", with: " ")
        return flat.count > 80 ? String(flat.prefix(79)) + "…" : flat
    }

    private func csvField(_ text: String) -> String {
        guard text.contains(where: { $0 == "," || $0 == "\"" || $0 == "\n" || $0 == "\r" }) else { return text }
        return "\"" + text.replacingOccurrences(of: "\"", with: "\"\"") + "\""
    }
}
