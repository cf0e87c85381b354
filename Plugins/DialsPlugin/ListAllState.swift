import Dials
import Foundation
import SciCore

/// The `--resume` file of `list-all`: a first line `{"endpoint", "filters", "next_token", "rows"}`, then the rows
/// fetched so far, one JSON object a line. Rows are spooled to a temporary file beside it as they arrive, and the
/// state file appears (atomically) only when a listing fails.
final class ListAllState {
    let path: String
    private let filters: DialsFilters
    private let spool: AtomicFile
    private var rows = 0
    private(set) var replayedRows = 0

    init(path: String, filters: DialsFilters) throws {
        self.path = path
        self.filters = filters
        spool = try AtomicFile(destination: path + ".rows")
    }

    /// Writes the saved rows through `emit` and returns the cursor to continue from (nil: start afresh).
    func replay(_ emit: (DialsRow) -> Void) throws -> String? {
        guard FileManager.default.fileExists(atPath: path) else { return nil }
        guard let data = FileManager.default.contents(atPath: path) else { throw FileError.cannotRead(path, errno: errno) }
        var lines = data.split(separator: UInt8(ascii: "\n"))
        guard !lines.isEmpty, case .object(let header) = try JSONParser.parse(Data(lines.removeFirst())) else {
            throw SciError("\(path) is not a sci dials list-all state", hint: "remove it or name another --resume file")
        }
        let saved = header["filters"]?.jsonString() ?? ""
        guard header["endpoint"]?.stringValue == filters.endpoint.rawValue, saved == Self.describe(filters).jsonString() else {
            throw SciError("\(path) was saved by a list-all of other filters (\(saved))",
                           hint: "run the same command as before, or remove \(path) to start afresh")
        }
        for line in lines {
            guard case .object(let row) = try JSONParser.parse(Data(line)) else { continue }
            emit(row)
            try record(row)
            replayedRows += 1
        }
        return header["next_token"]?.stringValue
    }

    /// Spools one row.
    func record(_ row: DialsRow) throws {
        try spool.write(Data((JSONValue.object(row).jsonString() + "\n").utf8))
        rows += 1
    }

    /// Writes the state file atomically; returns how many rows it holds.
    func save(nextToken: String?) throws -> Int {
        let header: JSONValue = [
            "endpoint": .string(filters.endpoint.rawValue), "filters": Self.describe(filters),
            "next_token": nextToken.map { .string($0) } ?? .null, "rows": .int(Int64(rows)),
        ]
        let file = try AtomicFile(destination: path)
        try file.write(Data((header.jsonString() + "\n").utf8))
        try spool.commit()
        if let handle = FileHandle(forReadingAtPath: spool.destination) {
            while let chunk = try handle.read(upToCount: 1 << 20), !chunk.isEmpty { try file.write(chunk) }
            try handle.close()
        }
        try file.commit()
        unlink(spool.destination)
        return rows
    }

    /// The listing finished: no state is left behind.
    func complete() throws {
        spool.discard()
        if FileManager.default.fileExists(atPath: path) { try FileManager.default.removeItem(atPath: path) }
    }

    private static func describe(_ filters: DialsFilters) -> JSONValue {
        .object(filters.values.mapValues { .string($0) })
    }
}
