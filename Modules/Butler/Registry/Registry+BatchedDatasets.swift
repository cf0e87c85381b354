import Foundation
import GRDB
import SciPostgres

extension Registry {
    /// Rows per multi-row `INSERT`: a round trip per file would cost more than the inserts; PostgreSQL takes at most
    /// 65,535 parameters a statement.
    private static let batchRows = 1000

    /// `insertDatasets` on PostgreSQL: the same rows, written a batch of files per statement rather than a statement
    /// per file (each is a round trip to the server). A conflict rolls the batches back to a savepoint, and a look
    /// then words the same error as on SQLite; the caller's transaction is rolled back by the throw.
    func insertDatasetsInBatches(
        _ type: StoredDatasetType, run: String, runId: Int64, _ datasets: [NewDataset], skipExisting: Bool, db: RegistryConnection
    ) throws -> [Bool] {
        let dims = type.group.required
        let dimColumns = dims.map(RegistrySchema.quote).joined(separator: ", ")
        let existing = """
            SELECT dataset_id FROM \(type.tagsTable) WHERE dataset_type_id = ? AND collection_id = ? AND \
            \(dims.map { "\(RegistrySchema.quote($0)) = ?" }.joined(separator: " AND "))
            """
        let now = TimeLiteral.now().databaseValue
        var added: [Bool] = []
        added.reserveCapacity(datasets.count)
        var rows: [(dataset: NewDataset, hex: DatabaseValue, keys: [DatabaseValue])] = []
        rows.reserveCapacity(datasets.count)
        for dataset in datasets {
            let keys = try dims.map { name -> DatabaseValue in
                guard let value = dataset.dataId[name] else {
                    throw ButlerError.invalidDataId("\(dataset.dataId) has no value for '\(name)' (needed by \(type.definition.name))")
                }
                return value.databaseValue
            }
            if skipExisting, try !db.rows(existing, values: [type.id.databaseValue, runId.databaseValue] + keys).isEmpty {
                added.append(false)
                continue
            }
            rows.append((dataset, dataset.id.registryHex.databaseValue, keys))
            added.append(true)
        }
        func values(_ count: Int, _ row: String) -> String { Array(repeating: row, count: count).joined(separator: ", ") }
        try db.execute("SAVEPOINT ingest")
        do {
            var start = 0
            while start < rows.count {
                let batch = rows[start..<min(start + Self.batchRows, rows.count)]
                start += batch.count
                try db.execute(
                    "INSERT INTO dataset (id, dataset_type_id, ingest_date, run_id) VALUES " + values(batch.count, "(?, ?, ?, ?)"),
                    values: batch.flatMap { [$0.hex, type.id.databaseValue, now, runId.databaseValue] })
                let marks = "(?, ?, ?" + String(repeating: ", ?", count: dims.count) + ")"
                try db.execute(
                    "INSERT INTO \(type.tagsTable) (dataset_type_id, dataset_id, collection_id, \(dimColumns)) VALUES "
                        + values(batch.count, marks),
                    values: batch.flatMap { [type.id.databaseValue, $0.hex, runId.databaseValue] + $0.keys })
                // The size is cast: in a multi-row VALUES list of NULLs PostgreSQL would otherwise take it for text.
                try db.execute(
                    "INSERT INTO file_datastore_records (dataset_id, path, formatter, storage_class, component, checksum, "
                        + "file_size) VALUES " + values(batch.count, "(?, ?, ?, ?, '__NULL_STRING__', NULL, CAST(? AS BIGINT))"),
                    values: batch.flatMap { row -> [DatabaseValue] in
                        [row.hex, row.dataset.path.databaseValue, row.dataset.formatter.databaseValue,
                         type.definition.storageClass.databaseValue, row.dataset.fileSize?.databaseValue ?? .null]
                    })
            }
        } catch let error as PostgresError where error.sqlState == "23505" {
            try db.execute("ROLLBACK TO SAVEPOINT ingest")
            for row in rows {
                if let found: String = try db.rows(existing, values: [type.id.databaseValue, runId.databaseValue] + row.keys).first?[0] {
                    throw ButlerError.conflictingDataset(
                        "dataset \(type.definition.name) \(row.dataset.dataId) already exists in RUN '\(run)' with id "
                            + "\(UUID(registryHex: found)?.uuidString.lowercased() ?? found)")
                }
                if try db.value(Bool.self, "SELECT 1 FROM dataset WHERE id = ?", [row.hex]) == true {
                    throw ButlerError.conflictingDataset(
                        "dataset id \(row.dataset.id.uuidString.lowercased()) already exists in the repository")
                }
            }
            throw error
        }
        try db.execute("RELEASE SAVEPOINT ingest")
        return added
    }
}
