import Foundation
import GRDB
import SciPostgres

extension Registry {
    /// Certifies datasets into the CALIBRATION collection `collection` (made if missing) as valid over `validity`,
    /// as daf_butler's `certify`. Their types must be calibration types, and validity ranges of one (type, data ID)
    /// in a collection must not overlap; either failure changes nothing.
    public func certify(_ refs: [DatasetRef], into collection: String, validity: Timespan) throws {
        try write { db in
            let collectionId = try registerCollection(collection, type: .calibration, db: db) ?? collectionId(collection, db: db).id
            var types: [String: StoredDatasetType] = [:]
            for ref in refs {
                let type = try types[ref.datasetType] ?? requireDatasetType(ref.datasetType, db: db)
                types[ref.datasetType] = type
                guard type.definition.isCalibration else {
                    throw ButlerError.conflictingDatasetType(
                        "dataset type \(ref.datasetType) is not a calibration type; register it with --is-calibration")
                }
                let dims = type.group.required
                let keys = try dims.map { name -> DatabaseValue in
                    guard let value = ref.dataId[name] else { throw ButlerError.invalidDataId("\(ref.dataId) has no value for '\(name)'") }
                    return value.databaseValue
                }
                let (begin, end) = validity.columns
                let match = dims.map { "\(RegistrySchema.quote($0)) = ?" }.joined(separator: " AND ")
                func overlapping() throws -> RegistryRow? {
                    try db.rows(
                        """
                        SELECT timespan_begin, timespan_end FROM \(type.calibsTable)
                        WHERE dataset_type_id = ? AND collection_id = ? AND \(match) AND timespan_begin < ? AND ? < timespan_end
                        """,
                        values: [type.id.databaseValue, collectionId.databaseValue] + keys + [end.databaseValue, begin.databaseValue]
                    ).first
                }
                func conflict(_ row: RegistryRow) -> ButlerError {
                    let existing = Timespan(columns: row[0] ?? 0, row[1] ?? 0)
                    return ButlerError.conflictingDataset(
                        "\(ref.datasetType) \(ref.dataId) is already certified in '\(collection)' for \(existing), "
                            + "which overlaps \(validity)")
                }
                let insert = """
                    INSERT INTO \(type.calibsTable) (dataset_type_id, dataset_id, collection_id, \
                    \(dims.map(RegistrySchema.quote).joined(separator: ", ")), timespan_begin, timespan_end)
                    VALUES (?, ?, ?, \(Array(repeating: "?", count: dims.count + 2).joined(separator: ", ")))
                    """
                let values = [type.id.databaseValue, ref.id.registryHex.databaseValue, collectionId.databaseValue] + keys
                    + [begin.databaseValue, end.databaseValue]
                if db.dialect == .sqlite {
                    // Writers take turns on SQLite, so a look first is enough.
                    if let row = try overlapping() { throw conflict(row) }
                    try db.execute(insert, values: values)
                } else {
                    // The exclusion constraint decides, even against another writer certifying at the same moment;
                    // its refusal (SQLSTATE 23P01) becomes the same error as SQLite's, worded after a look.
                    try db.execute("SAVEPOINT certify")
                    do { try db.execute(insert, values: values) } catch let error as PostgresError where error.sqlState == "23P01" {
                        try db.execute("ROLLBACK TO SAVEPOINT certify")
                        if let row = try overlapping() { throw conflict(row) }
                        throw ButlerError.conflictingDataset(
                            "\(ref.datasetType) \(ref.dataId) is already certified in '\(collection)' for a range overlapping \(validity)")
                    }
                    try db.execute("RELEASE SAVEPOINT certify")
                }
            }
        }
    }

    /// Takes `validity` out of the validity ranges of `datasetType` in the CALIBRATION collection `collection`, as
    /// daf_butler's `decertify`: a range inside it goes, one that sticks out keeps the part outside (split in two when
    /// it spans it). With `dataIds`, only those data IDs are touched. Returns how many ranges were changed.
    @discardableResult
    public func decertify(_ collection: String, datasetType: String, validity: Timespan, dataIds: [DataId]? = nil) throws -> Int {
        try write { db in
            let type = try requireDatasetType(datasetType, db: db)
            let (id, kind) = try collectionId(collection, db: db)
            guard kind == .calibration else {
                throw ButlerError.wrongCollectionType("collection '\(collection)' is \(kind), not CALIBRATION")
            }
            let dims = type.group.required
            let (begin, end) = validity.columns
            let wanted = try dataIds.map { ids in
                try Set(ids.map { dataId in
                    try dims.map { name -> DataIdValue in
                        guard let value = dataId[name] else { throw ButlerError.invalidDataId("\(dataId) has no value for '\(name)'") }
                        return value
                    }
                })
            }
            let columns = dims.map(RegistrySchema.quote).joined(separator: ", ")
            let rows = try db.rows(
                """
                SELECT id, dataset_id, \(columns), timespan_begin, timespan_end FROM \(type.calibsTable)
                WHERE dataset_type_id = ? AND collection_id = ? AND timespan_begin < ? AND ? < timespan_end
                """,
                [type.id, id, end, begin])
            var changed = 0
            for row in rows {
                let keys = dims.indices.compactMap { DataIdValue(row[2 + $0] as DatabaseValue) }
                if let wanted, !wanted.contains(keys) { continue }
                let (oldBegin, oldEnd): (Int64, Int64) = (row["timespan_begin"] ?? 0, row["timespan_end"] ?? 0)
                try db.execute("DELETE FROM \(type.calibsTable) WHERE id = ?", [row["id"] as DatabaseValue])
                // The parts of the old range outside the one taken out stay certified.
                for (keptBegin, keptEnd) in [(oldBegin, begin), (end, oldEnd)] where keptBegin < keptEnd {
                    try db.execute(
                        """
                        INSERT INTO \(type.calibsTable) (dataset_type_id, dataset_id, collection_id, \(columns), \
                        timespan_begin, timespan_end) VALUES (?, ?, ?, \(Array(repeating: "?", count: dims.count + 2).joined(separator: ", ")))
                        """,
                        values: [type.id.databaseValue, (row["dataset_id"] as DatabaseValue), id.databaseValue]
                            + keys.map(\.databaseValue) + [keptBegin.databaseValue, keptEnd.databaseValue])
                }
                changed += 1
            }
            return changed
        }
    }

    /// The certifications in a CALIBRATION collection, by data ID then begin: each dataset with its validity range.
    public func calibrations(_ datasetType: String, in collection: String) throws -> [(ref: DatasetRef, validity: Timespan)] {
        try read { db in
            let type = try requireDatasetType(datasetType, db: db)
            let (id, kind) = try collectionId(collection, db: db)
            guard kind == .calibration else {
                throw ButlerError.wrongCollectionType("collection '\(collection)' is \(kind), not CALIBRATION")
            }
            return try calibrationRows(type, condition: "c.collection_id = ?", arguments: [id.databaseValue], db: db)
        }
    }

    /// The dataset of `datasetType` with `dataId` (standardized) that `collections` give for the instant `time`:
    /// the first match in search order, where RUN and TAGGED collections match at any time and CALIBRATION ones
    /// only within a validity range, as daf_butler's calibration lookup.
    func findDataset(_ datasetType: String, dataId: DataId, collections: [String], at time: Int64) throws -> DatasetRef? {
        try read { db in
            let type = try requireDatasetType(datasetType, db: db)
            let dims = type.group.required
            let keys = try dims.map { name -> DatabaseValue in
                guard let value = dataId[name] else { throw ButlerError.invalidDataId("\(dataId) has no value for '\(name)'") }
                return value.databaseValue
            }
            let match = dims.map { "c.\(RegistrySchema.quote($0)) = ?" }.joined(separator: " AND ")
            for collection in try flatten(collections, db: db) {
                if collection.type == .calibration {
                    let found = try calibrationRows(
                        type, condition: "c.collection_id = ? AND \(match) AND c.timespan_begin <= ? AND ? < c.timespan_end",
                        arguments: [collection.id.databaseValue] + keys + [time.databaseValue, time.databaseValue], db: db)
                    if let first = found.first { return first.ref }
                } else if let ref = try datasetRows(
                    type, sql: "SELECT c.dataset_id, \(dims.map { "c.\(RegistrySchema.quote($0))" }.joined(separator: ", ")) "
                        + "FROM \(type.tagsTable) AS c WHERE c.dataset_type_id = ? AND c.collection_id = ? AND \(match)",
                    arguments: [type.id.databaseValue, collection.id.databaseValue] + keys, db: db
                ).first {
                    return ref
                }
            }
            return nil
        }
    }

    private func calibrationRows(
        _ type: StoredDatasetType, condition: String, arguments: [DatabaseValue], db: RegistryConnection
    ) throws -> [(ref: DatasetRef, validity: Timespan)] {
        let dims = type.group.required
        let columns = dims.map { "c.\(RegistrySchema.quote($0))" }.joined(separator: ", ")
        let sql = """
            SELECT c.dataset_id, \(columns), c.timespan_begin, c.timespan_end FROM \(type.calibsTable) AS c
            WHERE c.dataset_type_id = ? AND \(condition)
            """
        var validities: [Timespan] = []
        let refs = try datasetRows(type, sql: sql, arguments: [type.id.databaseValue] + arguments, db: db) { row in
            validities.append(Timespan(columns: row["timespan_begin"] ?? 0, row["timespan_end"] ?? 0))
        }
        // Sorted here: the join around the rows does not keep an inner ORDER BY.
        return zip(refs, validities).sorted { lhs, rhs in
            let left = dims.compactMap { lhs.0.dataId[$0] } + [.int(lhs.1.columns.begin)]
            return left.lexicographicallyPrecedes(dims.compactMap { rhs.0.dataId[$0] } + [.int(rhs.1.columns.begin)])
        }.map { (ref: $0.0, validity: $0.1) }
    }

    /// Datasets from rows of `dataset_id` and the type's dimension columns, completed with their RUN and file.
    private func datasetRows(
        _ type: StoredDatasetType, sql: String, arguments: [DatabaseValue], db: RegistryConnection, each: (RegistryRow) -> Void = { _ in }
    ) throws -> [DatasetRef] {
        let dims = type.group.required
        let full = """
            SELECT q.*, r.name AS run, f.path FROM (\(sql)) AS q JOIN dataset AS d ON d.id = q.dataset_id
            JOIN collection AS r ON r.collection_id = d.run_id
            LEFT JOIN file_datastore_records AS f ON f.dataset_id = q.dataset_id AND f.component = '__NULL_STRING__'
            """
        return try db.rows(full, values: arguments).map { row in
            each(row)
            var dataId = DataId()
            for name in dims { dataId[name] = DataIdValue(row[name] as DatabaseValue) }
            let hex: String = row["dataset_id"] ?? ""
            return DatasetRef(
                id: UUID(registryHex: hex) ?? UUID(), datasetType: type.definition.name, dataId: dataId, run: row["run"] ?? "",
                path: row["path"])
        }
    }
}
