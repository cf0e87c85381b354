public import Foundation
import GRDB

extension Registry {
    /// The file sizes recorded when datasets were stored, by dataset ID; a dataset without a file or without a
    /// recorded size is left out. Lets a caller find files a crash cut short or lost.
    public func recordedFileSizes(of ids: [UUID]) throws -> [UUID: Int64] {
        try read { db in
            var sizes: [UUID: Int64] = [:]
            // SQLite takes at most 32,766 parameters; PostgreSQL 65,535.
            for start in stride(from: 0, to: ids.count, by: 500) {
                let chunk = ids[start..<min(ids.count, start + 500)]
                let rows = try db.rows(
                    "SELECT dataset_id, file_size FROM file_datastore_records WHERE file_size IS NOT NULL AND dataset_id IN ("
                        + Array(repeating: "?", count: chunk.count).joined(separator: ", ") + ")",
                    values: chunk.map(\.registryHex.databaseValue))
                for row in rows {
                    guard let hex: String = row[0], let id = UUID(registryHex: hex), let size: Int64 = row[1] else { continue }
                    sizes[id] = size
                }
            }
            return sizes
        }
    }
}
