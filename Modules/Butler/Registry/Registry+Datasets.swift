import Foundation
import GRDB
import GRDBSQLite

/// A dataset about to be added to the registry, with its file.
struct NewDataset {
    var id: UUID
    var dataId: DataId
    var path: String
    var formatter: String
    var fileSize: Int64?
}

extension Registry {
    /// Adds datasets of one type to a RUN inside the caller's transaction. Returns, per dataset, whether it was
    /// added (false: it existed and `skipExisting` is set); a conflict throws and so rolls the transaction back.
    func insertDatasets(
        _ type: StoredDatasetType, run: String, runId: Int64, _ datasets: [NewDataset], skipExisting: Bool, db: RegistryConnection
    ) throws -> [Bool] {
        guard let db = db.sqlite else {
            return try insertDatasetsInBatches(type, run: run, runId: runId, datasets, skipExisting: skipExisting, db: db)
        }
        let dims = type.group.required
        let dimColumns = dims.map(RegistrySchema.quote).joined(separator: ", ")
        let marks = Array(repeating: "?", count: dims.count).joined(separator: ", ")
        let existing = try db.makeStatement(sql: """
            SELECT dataset_id FROM \(type.tagsTable) WHERE dataset_type_id = ? AND collection_id = ? AND \
            \(dims.map { "\(RegistrySchema.quote($0)) = ?" }.joined(separator: " AND "))
            """)
        let idExists = try db.makeStatement(sql: "SELECT 1 FROM dataset WHERE id = ?")
        let insertDataset = try db.makeStatement(
            sql: "INSERT INTO dataset (id, dataset_type_id, ingest_date, run_id) VALUES (?, ?, ?, ?)")
        let insertTag = try db.makeStatement(sql: """
            INSERT INTO \(type.tagsTable) (dataset_type_id, dataset_id, collection_id, \(dimColumns)) \
            VALUES (?, ?, ?, \(marks))
            """)
        let insertFile = try db.makeStatement(sql: """
            INSERT INTO file_datastore_records (dataset_id, path, formatter, storage_class, component, checksum, file_size)
            VALUES (?, ?, ?, ?, '__NULL_STRING__', NULL, ?)
            """)
        let now = TimeLiteral.now()
        var added: [Bool] = []
        added.reserveCapacity(datasets.count)
        // Three inserts per file, bound and stepped with SQLite's own calls: GRDB's argument conversions cost more
        // than the inserts themselves.
        let (datasetRow, tagRow, fileRow) = (insertDataset.sqliteStatement, insertTag.sqliteStatement, insertFile.sqliteStatement)
        func failure(_ code: Int32) -> DatabaseError {
            DatabaseError(resultCode: ResultCode(rawValue: code), message: String(cString: sqlite3_errmsg(db.sqliteConnection)))
        }
        for dataset in datasets {
            var keys: [DataIdValue] = []
            keys.reserveCapacity(dims.count)
            for name in dims {
                guard let value = dataset.dataId[name] else {
                    throw ButlerError.invalidDataId("\(dataset.dataId) has no value for '\(name)' (needed by \(type.definition.name))")
                }
                keys.append(value)
            }
            let hex = dataset.id.registryHex
            var keyArguments: StatementArguments {
                StatementArguments(converted: [type.id.databaseValue, runId.databaseValue] + keys.map(\.databaseValue))
            }
            // Without skipExisting the UNIQUE constraints find conflicts, so a clean ingest pays no lookups; the
            // lookups after a failure only word the error, and the transaction rolls back anyway.
            if skipExisting, try String.fetchOne(existing, arguments: keyArguments) != nil {
                added.append(false)
                continue
            }
            Self.bind(datasetRow, 1, hex)
            sqlite3_bind_int64(datasetRow, 2, type.id)
            sqlite3_bind_int64(datasetRow, 3, now)
            sqlite3_bind_int64(datasetRow, 4, runId)
            var code = Self.step(datasetRow)
            if code == SQLITE_DONE {
                sqlite3_bind_int64(tagRow, 1, type.id)
                Self.bind(tagRow, 2, hex)
                sqlite3_bind_int64(tagRow, 3, runId)
                for (index, key) in keys.enumerated() { Self.bind(tagRow, Int32(4 + index), key) }
                code = Self.step(tagRow)
            }
            if code != SQLITE_DONE {
                guard code & 0xFF == SQLITE_CONSTRAINT else { throw failure(code) }
                if let found = try String.fetchOne(existing, arguments: keyArguments) {
                    throw ButlerError.conflictingDataset(
                        "dataset \(type.definition.name) \(dataset.dataId) already exists in RUN '\(run)' with id "
                            + "\(UUID(registryHex: found)?.uuidString.lowercased() ?? found)")
                }
                if try Bool.fetchOne(idExists, arguments: [hex]) == true {
                    throw ButlerError.conflictingDataset(
                        "dataset id \(dataset.id.uuidString.lowercased()) already exists in the repository")
                }
                throw failure(code)
            }
            Self.bind(fileRow, 1, hex)
            Self.bind(fileRow, 2, dataset.path)
            Self.bind(fileRow, 3, dataset.formatter)
            Self.bind(fileRow, 4, type.definition.storageClass)
            if let size = dataset.fileSize { sqlite3_bind_int64(fileRow, 5, size) } else { sqlite3_bind_null(fileRow, 5) }
            code = Self.step(fileRow)
            guard code == SQLITE_DONE else { throw failure(code) }
            added.append(true)
        }
        return added
    }

    /// SQLite copies bound text (`SQLITE_TRANSIENT`), so the Swift string may go right after binding.
    private static let transient = unsafeBitCast(-1, to: sqlite3_destructor_type.self)

    private static func bind(_ statement: OpaquePointer?, _ index: Int32, _ text: String) {
        var text = text
        _ = text.withUTF8 { bytes in
            // An empty buffer may have no address, which SQLite would take for NULL.
            if bytes.isEmpty { sqlite3_bind_text(statement, index, "", 0, transient) } else {
                bytes.withMemoryRebound(to: CChar.self) { sqlite3_bind_text(statement, index, $0.baseAddress, Int32($0.count), transient) }
            }
        }
    }

    private static func bind(_ statement: OpaquePointer?, _ index: Int32, _ value: DataIdValue) {
        switch value {
        case .int(let number): sqlite3_bind_int64(statement, index, number)
        case .string(let text): bind(statement, index, text)
        }
    }

    /// Runs a bound insert and makes the statement ready for the next; SQLite's result code.
    private static func step(_ statement: OpaquePointer?) -> Int32 {
        let code = sqlite3_step(statement)
        sqlite3_reset(statement)
        return code
    }

    /// Calls `body` with each dataset of `datasetType` in `collections` that matches `where`, streaming rows from
    /// SQLite so a listing of any size runs in constant memory. With `findFirst`, only the first dataset per data ID
    /// in search order is given, as daf_butler's `--find-first`. Without `paths`, refs carry no file (one join less).
    public func queryDatasets(
        _ datasetType: String, collections: [String], where expression: String? = nil,
        bind: [String: WhereBindValue] = [:], findFirst: Bool = true, orderBy: [String] = [], limit: Int? = nil,
        paths: Bool = true, _ body: (DatasetRef) throws -> Void
    ) throws {
        let dims = try universe.group(try self.datasetType(datasetType).dimensions).required
        try queryDatasetRows(
            datasetType, collections: collections, where: expression, bind: bind, findFirst: findFirst, orderBy: orderBy,
            limit: limit, paths: paths
        ) { row in
            var dataId = DataId()
            dataId.values.reserveCapacity(dims.count)
            for (name, value) in zip(dims, row.values) { dataId[name] = value }
            try body(DatasetRef(id: UUID(registryHex: row.id) ?? UUID(), datasetType: datasetType, dataId: dataId, run: row.run, path: row.path))
        }
    }

    /// `queryDatasets` as rows: the same datasets in the same order, each given as the columns a listing prints.
    public func queryDatasetRows(
        _ datasetType: String, collections: [String], where expression: String? = nil,
        bind: [String: WhereBindValue] = [:], findFirst: Bool = true, orderBy: [String] = [], limit: Int? = nil,
        paths: Bool = true, _ body: (DatasetRow) throws -> Void
    ) throws {
        try limitingExpression(expression) { try read { db in
            let type = try requireDatasetType(datasetType, db: db)
            let search = try flatten(collections, db: db).filter { $0.type != .calibration }
            guard !search.isEmpty else { return }
            let dims = type.group.required
            let dimColumns = dims.map { "t.\(RegistrySchema.quote($0))" }
            var dimensionColumns: [String: String] = [:]
            for (name, column) in zip(dims, dimColumns) { dimensionColumns[name] = column }
            let datasetColumns = [
                "dataset_id": "t.dataset_id", "run": "rc.name", "ingest_date": "d.ingest_date", "collection": "sc.name",
            ]
            // Datasets on sky pixels with a clause on exposures (`exposure = 3`) keep the pixels its region touches.
            let (joins, condition, whereArguments, sortKeys) = try spatialJoinElement(expression, bind: bind, queryDimensions: dims).map {
                try translateJoiningSky(
                    $0, expression, bind: bind, dimensionColumns: dimensionColumns, datasetType: datasetType,
                    datasetColumns: datasetColumns, orderBy: orderBy)
            } ?? translate(
                expression, bind: bind, dimensionColumns: dimensionColumns, datasetType: datasetType,
                datasetColumns: datasetColumns, orderBy: orderBy)
            let used = condition + sortKeys.joined(separator: ", ")
            // Collections are named from a dictionary, not joined per row. A RUN collection is its datasets' RUN, so
            // the dataset table is joined only for TAGGED collections or a where-clause on the dataset's own fields.
            let joinRun = used.contains("rc.name")
            let joinDataset = search.contains { $0.type != .run } || joinRun || used.contains("d.ingest_date")
            // Sort keys travel as extra columns (after the dimensions) so the find-first wrapper can sort by them.
            let sortColumns = sortKeys.map { $0.hasSuffix(" DESC") ? String($0.dropLast(5)) : $0 }
            // One collection needs no ranking: the tags table's UNIQUE index then gives the rows in data ID order,
            // and SQLite streams them without sorting the whole result first.
            let single = search.count == 1
            let window = findFirst && !single
            var sql = single ? "" : "WITH search(collection_id, rank) AS (VALUES "
                + search.enumerated().map { "(\($0.element.id), \($0.offset))" }.joined(separator: ", ") + ") "
            sql += """
                SELECT t.dataset_id, \(joinDataset ? "d.run_id" : "t.collection_id") AS run, \(paths ? "f.path" : "NULL") AS path, \
                \(single ? "0" : "s.rank") AS rank, \(dimColumns.joined(separator: ", "))\
                \(sortColumns.enumerated().map { ", \($0.element) AS sort_\($0.offset)" }.joined())\
                \(window ? ", ROW_NUMBER() OVER (PARTITION BY \(dimColumns.joined(separator: ", ")) ORDER BY s.rank) AS pick" : "")
                FROM \(type.tagsTable) AS t
                \(single ? "" : "JOIN search AS s ON s.collection_id = t.collection_id")
                \(used.contains("sc.name") ? "JOIN collection AS sc ON sc.collection_id = t.collection_id" : "")
                \(joinDataset ? "JOIN dataset AS d ON d.id = t.dataset_id" : "")
                \(joinRun ? "JOIN collection AS rc ON rc.collection_id = d.run_id" : "")
                \(paths ? "LEFT JOIN file_datastore_records AS f ON f.dataset_id = t.dataset_id AND f.component = '__NULL_STRING__'" : "")
                \(joins)
                WHERE t.dataset_type_id = ? AND \(single ? "t.collection_id = \(search[0].id) AND " : "")(\(condition))
                """
            if window {
                let outerKeys = sortKeys.enumerated().map { "sort_\($0.offset)" + ($0.element.hasSuffix(" DESC") ? " DESC" : "") }
                sql = "SELECT * FROM (\(sql)) AS w WHERE pick = 1 ORDER BY "
                    + (outerKeys + ["rank"] + dims.map(RegistrySchema.quote)).joined(separator: ", ")
            } else {
                sql += " ORDER BY " + (sortKeys + (single ? [] : ["rank"]) + dimColumns).joined(separator: ", ")
            }
            if let limit { sql += " LIMIT \(limit)" }
            var names: [Int64: String] = [:]
            for row in try db.rows("SELECT collection_id, name FROM collection") {
                if let id: Int64 = row[0] { names[id] = row[1] ?? "" }
            }
            // Joins carry no placeholders, so the type id is the first `?` and the condition's follow.
            let arguments = [type.id.databaseValue] + whereArguments
            guard let db = db.sqlite else {
                try db.streamRows(sql, values: arguments) { row in
                    let runId: Int64 = row[1] ?? 0
                    let values = dims.indices.map { DataIdValue(row[4 + $0] as DatabaseValue) ?? .string("") }
                    let id: String = row[0] ?? ""
                    try body(DatasetRow(
                        id: UUID(registryHex: id)?.lowercasedString ?? id, run: names[runId] ?? String(runId),
                        path: paths ? row[2] : nil, values: values))
                }
                return
            }
            let statement = try db.makeStatement(sql: sql)
            try statement.setArguments(StatementArguments(converted: arguments))
            // Columns by position: dataset_id, run, path, rank, then the dimensions. Read with SQLite's own calls: a
            // GRDB row per result cost more than the query.
            let handle = statement.sqliteStatement
            var run = (id: Int64.min, name: "")
            while true {
                let code = sqlite3_step(handle)
                if code == SQLITE_DONE { break }
                guard code == SQLITE_ROW else {
                    throw DatabaseError(resultCode: ResultCode(rawValue: code), message: String(cString: sqlite3_errmsg(db.sqliteConnection)), sql: sql)
                }
                let runId = sqlite3_column_int64(handle, 1)
                if runId != run.id { run = (runId, names[runId] ?? String(runId)) }
                var values: [DataIdValue] = []
                values.reserveCapacity(dims.count)
                for index in dims.indices {
                    let column = Int32(4 + index)
                    if sqlite3_column_type(handle, column) == SQLITE_INTEGER {
                        values.append(.int(sqlite3_column_int64(handle, column)))
                    } else {
                        values.append(.string(Self.text(handle, column) ?? ""))
                    }
                }
                try body(DatasetRow(
                    id: Self.dashedId(handle, 0), run: run.name, path: paths ? Self.text(handle, 2) : nil, values: values))
            }
        } }
    }

    /// A text column, nil when NULL.
    private static func text(_ handle: OpaquePointer?, _ column: Int32) -> String? {
        guard let bytes = sqlite3_column_text(handle, column) else { return nil }
        return String(decoding: UnsafeBufferPointer(start: bytes, count: Int(sqlite3_column_bytes(handle, column))), as: UTF8.self)
    }

    /// The registry's 32-hex-digit id column as daf_butler prints ids, `8-4-4-4-12`, without parsing a UUID.
    private static func dashedId(_ handle: OpaquePointer?, _ column: Int32) -> String {
        let count = Int(sqlite3_column_bytes(handle, column))
        guard count == 32, let bytes = sqlite3_column_text(handle, column) else { return text(handle, column) ?? "" }
        return String(unsafeUninitializedCapacity: 36) { buffer in
            var position = 0
            for index in 0..<32 {
                if index == 8 || index == 12 || index == 16 || index == 20 {
                    buffer[position] = UInt8(ascii: "-")
                    position += 1
                }
                buffer[position] = bytes[index]
                position += 1
            }
            return position
        }
    }

    /// All matching datasets, as an array.
    public func queryDatasets(
        _ datasetType: String, collections: [String], where expression: String? = nil,
        bind: [String: WhereBindValue] = [:], findFirst: Bool = true, orderBy: [String] = [], limit: Int? = nil,
        paths: Bool = true
    ) throws -> [DatasetRef] {
        var refs: [DatasetRef] = []
        try queryDatasets(
            datasetType, collections: collections, where: expression, bind: bind, findFirst: findFirst, orderBy: orderBy,
            limit: limit, paths: paths
        ) {
            refs.append($0)
        }
        return refs
    }

    /// Distinct data IDs over `dimensions` (closed over `requires`) matching `where`; with `datasetType` and
    /// `collections`, only those for which such a dataset exists.
    public func queryDataIds(
        _ dimensions: [String], where expression: String? = nil, bind: [String: WhereBindValue] = [:],
        datasetType: String? = nil, collections: [String] = [], orderBy: [String] = [], limit: Int? = nil
    ) throws -> [DataId] {
        let group = try universe.group(dimensions)
        return try limitingExpression(expression) { try read { db in
            // Each required dimension's own table is joined on its parents, so the rows are the existing records'
            // combinations; the first table is the base and the others join to it.
            var from: [String] = []
            var dimensionColumns: [String: String] = [:]
            // Sky pixels have no table: they come from the regions of a spatial dimension of the query, or of one its
            // where-clause names (`healpix8 --where "exposure = 3"`), or from the datasets of --datasets.
            let pixelDimensions = group.required.filter { universe.skyPixelization($0) != nil }
            var tableDimensions = group.required.filter { universe.skyPixelization($0) == nil }
            var spatial = try tableDimensions.map { try universe.element($0) }.first(where: \.isSpatial)
            if !pixelDimensions.isEmpty, spatial == nil,
                let joined = try spatialJoinElement(expression, bind: bind, queryDimensions: dimensions) {
                spatial = joined
                for name in try universe.group([joined.name]).required where !tableDimensions.contains(name) { tableDimensions.append(name) }
            }
            // Parents first, so each table joins on the ones before it.
            let depth = try Dictionary(uniqueKeysWithValues: tableDimensions.map { ($0, try universe.requiredDimensions(of: $0).count) })
            tableDimensions.sort { (depth[$0]!, $0) < (depth[$1]!, $1) }
            for name in tableDimensions {
                let element = try universe.element(name)
                let alias = RegistrySchema.quote("d_" + name)
                let parents = try universe.requiredDimensions(of: name)
                let on = parents.compactMap { parent in dimensionColumns[parent].map { "\(alias).\(RegistrySchema.quote(parent)) = \($0)" } }
                from.append(from.isEmpty ? "\(RegistrySchema.quote(name)) AS \(alias)"
                    : (on.isEmpty ? "CROSS JOIN " : "JOIN ") + "\(RegistrySchema.quote(name)) AS \(alias)" + (on.isEmpty ? "" : " ON " + on.joined(separator: " AND ")))
                dimensionColumns[name] = "\(alias).\(RegistrySchema.quote(element.primaryKey.name))"
            }
            // Pixels the where-clause names but the query does not list (`exposure --where "htm7 = 231858"`) join the
            // same way; SELECT DISTINCT then keeps each data ID once.
            let hiddenPixels = spatial == nil ? [] : try skyPixelsNamed(expression, bind: bind).filter { !pixelDimensions.contains($0) }
            for pixel in pixelDimensions + hiddenPixels {
                let alias = RegistrySchema.quote("d_" + pixel)
                let source: String
                if let spatial {
                    guard database.dialect == .sqlite else {
                        throw ButlerError.invalidDataId("relating \(pixel) to \(spatial.name) regions needs the SQLite registry for now")
                    }
                    source = SkyPixelJoin.pixels(pixel, region: "\(RegistrySchema.quote("d_" + spatial.name)).region", universe: universe)
                } else if let datasetType, let type = try Optional(requireDatasetType(datasetType, db: db)), type.group.required.contains(pixel) {
                    source = "(SELECT DISTINCT \(RegistrySchema.quote(pixel)) AS value FROM \(type.tagsTable))"
                } else {
                    throw ButlerError.invalidDataId(
                        "\(pixel) needs a dimension with a region in the query or its where-clause (\(pixel) --where \"exposure = 3\"), "
                            + "or --datasets of a dataset type on \(pixel)")
                }
                from.append((from.isEmpty ? "" : "CROSS JOIN ") + "\(source) AS \(alias)")
                dimensionColumns[pixel] = "\(alias).value"
            }
            var datasetCondition = ""
            var datasetArguments: [DatabaseValue] = []
            if let datasetType {
                let type = try requireDatasetType(datasetType, db: db)
                let ids = try flatten(collections, db: db).map(\.id)
                let matches = try type.group.required.map { name -> String in
                    guard let column = dimensionColumns[name] else {
                        throw ButlerError.invalidDataId("dataset type \(datasetType) has dimension '\(name)', which is not in the query")
                    }
                    return "x.\(RegistrySchema.quote(name)) = \(column)"
                }
                datasetCondition = " AND EXISTS (SELECT 1 FROM \(type.tagsTable) AS x WHERE x.dataset_type_id = ? AND x.collection_id IN (\(ids.isEmpty ? "NULL" : ids.map(String.init).joined(separator: ", "))) AND \(matches.joined(separator: " AND ")))"
                datasetArguments = [type.id.databaseValue]
            }
            let (joins, condition, arguments, sortKeys) = try translate(
                expression, bind: bind, dimensionColumns: dimensionColumns, orderBy: orderBy)
            // Sort keys are selected too: PostgreSQL sorts DISTINCT rows only by what they hold. They follow from the
            // data ID, so they make no row more distinct.
            let select = (group.required.map { "\(dimensionColumns[$0]!) AS \(RegistrySchema.quote($0))" }
                + sortKeys.enumerated().map { "\($0.element.hasSuffix(" DESC") ? String($0.element.dropLast(5)) : $0.element) AS sort_\($0.offset)" })
                .joined(separator: ", ")
            let order = sortKeys.enumerated().map { "sort_\($0.offset)" + ($0.element.hasSuffix(" DESC") ? " DESC" : "") }
            var sql = "SELECT DISTINCT \(select) FROM \(from.joined(separator: " ")) \(joins) WHERE (\(condition))\(datasetCondition) ORDER BY "
                + (order + group.required.map(RegistrySchema.quote)).joined(separator: ", ")
            if let limit { sql += " LIMIT \(limit)" }
            return try db.rows(sql, values: arguments + datasetArguments).map { row in
                var dataId = DataId()
                for name in group.required { dataId[name] = DataIdValue(row[name] as DatabaseValue) }
                return dataId
            }
        } }
    }
}
