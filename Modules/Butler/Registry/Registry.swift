import Foundation
import GRDB

/// The dataset registry: dimension records, dataset types, collections and datasets in one SQLite file (WAL mode,
/// so readers never wait for a writer and several processes can ingest into one repository).
public final class Registry: Sendable {
    /// The repository's dimensions.
    public let universe: DimensionUniverse
    let pool: DatabasePool

    /// Opens the registry at `path`; with `creating`, makes a new one with that universe.
    init(path: String, creating universe: DimensionUniverse? = nil) throws {
        var configuration = Configuration()
        // Concurrent ingests queue behind each other's write transactions instead of failing with SQLITE_BUSY.
        configuration.busyMode = .timeout(120)
        configuration.foreignKeysEnabled = true
        // The writer keeps a whole ingest's pages in memory (SQLite's default is 2 MB): with less, a transaction of
        // 10,000 datasets spills pages to the WAL and reads them back. Readers keep the default, so a listing of
        // 100,000 datasets stays small (a memory map made its resident size grow with the file).
        configuration.prepareDatabase { db in
            if !db.configuration.readonly { try db.execute(sql: "PRAGMA cache_size = -65536") }
            db.add(function: RegionIndex.overlapsFunction)
        }
        let pool: DatabasePool
        do { pool = try DatabasePool(path: path, configuration: configuration) } catch {
            throw ButlerError.repository("cannot open the registry \(path): \(error)")
        }
        let stored: DimensionUniverse? = try pool.read { db in
            guard try db.tableExists("butler_attributes") else { return nil }
            let json = try String.fetchOne(
                db, sql: "SELECT value FROM butler_attributes WHERE name = 'config:dimensions.json'")
            return try json.map { try JSONDecoder().decode(DimensionUniverse.self, from: Data($0.utf8)) }
        }
        if universe != nil, stored != nil { throw ButlerError.repository("a registry already exists at \(path)") }
        guard let chosen = stored ?? universe else { throw ButlerError.repository("no butler registry at \(path)") }
        try RegistrySchema.migrator(universe: chosen).migrate(pool)
        self.universe = chosen
        self.pool = pool
    }

    /// Runs `body` in one immediate write transaction: nothing it does is kept unless all of it succeeds.
    func write<T>(_ body: (Database) throws -> T) throws -> T {
        try pool.writeWithoutTransaction { db in
            var result: T?
            try db.inTransaction(.immediate) {
                result = try body(db)
                return .commit
            }
            return result!
        }
    }

    // MARK: Dimension records

    /// Inserts records of `element`; a record that exists is an error, unless `skipExisting`, or it is
    /// identical and `sync` is set, as daf_butler's `insertDimensionData` / `syncDimensionData`.
    public func insertDimensionRecords(
        _ element: String, _ records: [[String: RecordValue]], sync: Bool = false
    ) throws {
        let definition = try universe.element(element)
        try write { db in
            for record in records { try insertDimensionRecord(definition, record, sync: sync, db: db) }
        }
    }

    func insertDimensionRecord(
        _ element: DimensionElement, _ record: [String: RecordValue], sync: Bool, db: Database
    ) throws {
        let parents = try universe.requiredDimensions(of: element.name)
        var allowed = Set(parents + [element.primaryKey.name, element.name] + element.implies + element.recordFields.map(\.name))
        if element.isTemporal { allowed.formUnion(["timespan_begin", "timespan_end"]) }
        if element.isSpatial { allowed.insert("region") }
        var record = record
        let region = try record["region"].flatMap { try RegionIndex.region($0, element: element.name) }
        if element.isSpatial, record["region"] != nil { record["region"] = region.map { .string($0.sphgeomHex) } ?? .null }
        for key in record.keys where !allowed.contains(key) {
            throw ButlerError.invalidDataId("dimension '\(element.name)' has no field '\(key)'")
        }
        var columns: [String] = []
        var values: [DatabaseValue] = []
        for (key, value) in record.sorted(by: { $0.key < $1.key }) {
            // A record may name its own key by the dimension's name (`detector: 1`) or the key's (`id: 1`).
            columns.append(key == element.name ? element.primaryKey.name : key)
            values.append(value.databaseValue)
        }
        for required in parents + [element.primaryKey.name] where !columns.contains(required) {
            throw ButlerError.invalidDataId("a '\(element.name)' record needs '\(required)'")
        }
        let keyColumns = parents + [element.primaryKey.name]
        let quotedTable = RegistrySchema.quote(element.name)
        let keyCondition = keyColumns.map { "\(RegistrySchema.quote($0)) = ?" }.joined(separator: " AND ")
        let keyValues = keyColumns.map { values[columns.firstIndex(of: $0)!] }
        if let existing = try Row.fetchOne(db, sql: "SELECT * FROM \(quotedTable) WHERE \(keyCondition)", arguments: StatementArguments(keyValues)) {
            guard sync else {
                throw ButlerError.conflictingDataset("a '\(element.name)' record with this key already exists")
            }
            for (column, value) in zip(columns, values) where existing[column] as DatabaseValue != value {
                throw ButlerError.conflictingDataset(
                    "'\(element.name)' record differs in '\(column)': \(existing[column] as DatabaseValue) != \(value)")
            }
            return
        }
        let sql = "INSERT INTO \(quotedTable) (\(columns.map(RegistrySchema.quote).joined(separator: ", "))) VALUES (\(Array(repeating: "?", count: columns.count).joined(separator: ", ")))"
        do { try db.execute(sql: sql, arguments: StatementArguments(values)) } catch let error as DatabaseError
            where error.resultCode == .SQLITE_CONSTRAINT
        {
            throw ButlerError.conflictingDataset("cannot insert the '\(element.name)' record: \(error.message ?? "constraint failed")")
        }
        if element.isSpatial { try RegionIndex.index(region, element: element, key: keyValues, universe: universe, db: db) }
    }

    /// Records of `element` matching `where`, as rows of column name to value.
    public func queryDimensionRecords(
        _ element: String, where expression: String? = nil, bind: [String: WhereBindValue] = [:], orderBy: [String] = [],
        limit: Int? = nil
    ) throws -> [[String: RecordValue]] {
        let definition = try universe.element(element)
        let parents = try universe.requiredDimensions(of: element)
        var dimensionColumns = ["\(element)": "r.\(RegistrySchema.quote(definition.primaryKey.name))"]
        for parent in parents { dimensionColumns[parent] = "r.\(RegistrySchema.quote(parent))" }
        let (joins, condition, arguments, sortKeys) = try translate(
            expression, bind: bind, dimensionColumns: dimensionColumns, orderBy: orderBy)
        let order = (sortKeys + (parents + [definition.primaryKey.name]).map { "r.\(RegistrySchema.quote($0))" })
            .joined(separator: ", ")
        let sql = "SELECT r.* FROM \(RegistrySchema.quote(element)) AS r \(joins) WHERE \(condition) ORDER BY \(order)"
            + (limit.map { " LIMIT \($0)" } ?? "")
        return try limitingExpression(expression) { try pool.read { db in
            try Row.fetchAll(db, sql: sql, arguments: arguments).map { row in
                var record: [String: RecordValue] = [:]
                for (column, value) in row { record[column] = RecordValue(value) }
                return record
            }
        } }
    }

    /// Parses and translates `expression` (nil means everything) and the `orderBy` terms (SQL sort keys, in order).
    func translate(
        _ expression: String?, bind: [String: WhereBindValue], dimensionColumns: [String: String],
        datasetType: String? = nil, datasetColumns: [String: String] = [:], orderBy: [String] = []
    ) throws -> (joins: String, condition: String, arguments: StatementArguments, order: [String]) {
        let text = expression?.trimmingCharacters(in: .whitespaces) ?? ""
        let translator = WhereTranslator(
            universe: universe, source: text, bind: bind, dimensionColumns: dimensionColumns,
            datasetType: datasetType, datasetColumns: datasetColumns)
        let condition = text.isEmpty ? "1" : try translator.condition(try WhereExpression(parsing: text))
        let order = try orderBy.map { try translator.ordering($0) }
        return (translator.joins.joined(separator: " "), condition, StatementArguments(translator.arguments), order)
    }

    /// Runs a query built from `expression`, turning SQLite's refusals of a statement too big for its parser into
    /// an error about the expression (they come from nesting or size, never from the data).
    func limitingExpression<T>(_ expression: String?, _ body: () throws -> T) throws -> T {
        do { return try body() } catch let error as DatabaseError
            where ["parser stack overflow", "Expression tree is too large", "too many SQL variables", "too many terms"]
                .contains(where: { (error.message ?? "").contains($0) })
        {
            throw ButlerError.invalidExpression(
                "the expression is too deeply nested or too long for SQLite (\(error.message ?? "")); use fewer parentheses "
                    + "or IN lists", expression: expression ?? "", column: 1)
        }
    }
}
