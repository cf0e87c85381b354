import Foundation
import GRDB
import SciPostgres

/// The dataset registry: dimension records, dataset types, collections and datasets, in one SQLite file (WAL mode,
/// so readers never wait for a writer and several processes can ingest into one repository) or in a schema of a
/// PostgreSQL database, as daf_butler keeps them for a survey. Every call means the same on either.
public final class Registry: Sendable {
    /// The repository's dimensions.
    public let universe: DimensionUniverse
    let database: RegistryDatabase

    /// Opens the SQLite registry at `path`; with `creating`, makes a new one with that universe.
    convenience init(path: String, creating universe: DimensionUniverse? = nil) throws {
        try self.init(database: try RegistryDatabase(sqlitePath: path), name: path, creating: universe)
    }

    /// Opens the registry at `location` (an SQLite file's name is relative to `root`); with `creating`, makes a new
    /// one with that universe.
    convenience init(location: RegistryLocation, root: String, creating universe: DimensionUniverse? = nil) throws {
        switch location {
        // An absolute path is a file outside the repository (a repository whose root is in S3).
        case .sqlite(let file): try self.init(path: file.hasPrefix("/") ? file : root + "/" + file, creating: universe)
        case .postgresql(let url, let namespace):
            let database = try RegistryDatabase(postgresURL: url, namespace: namespace)
            if universe != nil { try Self.prepare(database, namespace: namespace) }
            try self.init(database: database, name: "\(url) (schema \(namespace))", creating: universe)
        }
    }

    private init(database: RegistryDatabase, name: String, creating universe: DimensionUniverse?) throws {
        let stored: DimensionUniverse? = try database.read { db in
            let exists = switch db.dialect {
            case .sqlite: try db.sqlite!.tableExists("butler_attributes")
            case .postgresql:
                try db.value(Bool.self, "SELECT 1 FROM information_schema.tables WHERE table_schema = current_schema() AND table_name = 'butler_attributes'") ?? false
            }
            guard exists else { return nil }
            let json = try db.value(String.self, "SELECT value FROM butler_attributes WHERE name = 'config:dimensions.json'")
            return try json.map { try JSONDecoder().decode(DimensionUniverse.self, from: Data($0.utf8)) }
        }
        if universe != nil, stored != nil { throw ButlerError.repository("a registry already exists at \(name)") }
        guard let chosen = stored ?? universe else { throw ButlerError.repository("no butler registry at \(name)") }
        if let pool = database.sqlitePool {
            try RegistrySchema.migrator(universe: chosen).migrate(pool)
        } else {
            try database.write { db in try RegistrySchema.migrate(db, universe: chosen) }
        }
        self.universe = chosen
        self.database = database
    }

    /// Makes the schema for a new registry on PostgreSQL, and the `btree_gist` extension its calibration constraints
    /// need (as daf_butler's do), or says clearly why not.
    private static func prepare(_ database: RegistryDatabase, namespace: String) throws {
        let hasExtension = try database.write { db in
            if try db.value(Bool.self, "SELECT 1 FROM information_schema.schemata WHERE schema_name = ?", [namespace]) != true {
                try db.execute("CREATE SCHEMA \(RegistrySchema.quote(namespace))")
            }
            return try db.value(Bool.self, "SELECT 1 FROM pg_extension WHERE extname = 'btree_gist'") == true
        }
        guard !hasExtension else { return }
        do {
            try database.write { db in try db.execute("CREATE EXTENSION IF NOT EXISTS btree_gist") }
        } catch let error as PostgresError {
            // Two registries made at once in one database race to create it; the loser sees a duplicate key.
            if try database.read({ db in try db.value(Bool.self, "SELECT 1 FROM pg_extension WHERE extname = 'btree_gist'") }) == true {
                return
            }
            throw PostgresError(
                sqlState: error.sqlState,
                message: "the database has no btree_gist extension, which the registry's calibration constraints need "
                    + "(as daf_butler's), and it cannot be made here: \(error.message)",
                hint: "as a superuser: psql -d DATABASE -c 'CREATE EXTENSION btree_gist' (Debian's postgresql-contrib provides it)")
        }
    }

    /// Runs `body` in one write transaction: nothing it does is kept unless all of it succeeds.
    func write<T>(_ body: (RegistryConnection) throws -> T) throws -> T { try database.write(body) }

    /// Runs `body` with a connection for reading.
    func read<T>(_ body: (RegistryConnection) throws -> T) throws -> T { try database.read(body) }

    // MARK: Dimension records

    /// Inserts records of `element`; a record that exists is an error, unless `skipExisting`, or it is
    /// identical and `sync` is set, as daf_butler's `insertDimensionData` / `syncDimensionData`.
    public func insertDimensionRecords(
        _ element: String, _ records: [[String: RecordValue]], sync: Bool = false
    ) throws {
        let inserter = try DimensionRecordInserter(try universe.recordElement(element), universe: universe)
        // Regions are read and pixelized before the write transaction, so other writers wait only for the SQL.
        let regions = DimensionRecordInserter.prepareRegions(records, element: inserter.element)
        try write { db in try inserter.insert(records, regions: regions, sync: sync, db: db) }
    }

    /// Records of `element` matching `where`, as rows of column name to value.
    public func queryDimensionRecords(
        _ element: String, where expression: String? = nil, bind: [String: WhereBindValue] = [:], orderBy: [String] = [],
        limit: Int? = nil
    ) throws -> [[String: RecordValue]] {
        let (sql, arguments) = try dimensionRecordsQuery(element, where: expression, bind: bind, orderBy: orderBy, limit: limit)
        return try limitingExpression(expression) { try read { db in
            try db.rows(sql, values: arguments).map { row in
                var record: [String: RecordValue] = [:]
                for (column, value) in zip(row.columns, row.values) { record[column] = RecordValue(value) }
                return record
            }
        } }
    }

    /// The SQL of `queryDimensionRecords` and its values.
    func dimensionRecordsQuery(
        _ element: String, where expression: String?, bind: [String: WhereBindValue], orderBy: [String], limit: Int?
    ) throws -> (sql: String, arguments: [DatabaseValue]) {
        let definition = try universe.recordElement(element)
        let parents = try universe.requiredDimensions(of: element)
        var dimensionColumns = ["\(element)": "r.\(RegistrySchema.quote(definition.primaryKey.name))"]
        for parent in parents { dimensionColumns[parent] = "r.\(RegistrySchema.quote(parent))" }
        // A clause on sky pixels (`htm7 = 231858`) keeps the records whose region relates to such a pixel (SkyPixelJoin).
        let pixels = definition.isSpatial ? try skyPixelsNamed(expression, bind: bind) : []
        if !pixels.isEmpty, database.dialect != .sqlite {
            throw ButlerError.invalidDataId("relating \(element) regions to \(pixels.joined(separator: ", ")) needs the SQLite registry for now")
        }
        for pixel in pixels { dimensionColumns[pixel] = "\(RegistrySchema.quote("p_" + pixel)).value" }
        let (joins, recordCondition, arguments, sortKeys) = try translate(
            expression, bind: bind, dimensionColumns: dimensionColumns, orderBy: orderBy, governorsIndexed: true)
        let sources = pixels.map { "\(SkyPixelJoin.pixels($0, region: "r.region", universe: universe)) AS \(RegistrySchema.quote("p_" + $0))" }
        let condition = pixels.isEmpty ? recordCondition
            : "EXISTS (SELECT 1 FROM \(sources.joined(separator: " CROSS JOIN ")) WHERE \(recordCondition))"
        let order = (sortKeys + (parents + [definition.primaryKey.name]).map { "r.\(RegistrySchema.quote($0))" })
            .joined(separator: ", ")
        let sql = "SELECT r.* FROM \(RegistrySchema.quote(element)) AS r \(joins) WHERE \(condition) ORDER BY \(order)"
            + (limit.map { " LIMIT \($0)" } ?? "")
        return (sql, arguments)
    }

    /// Parses and translates `expression` (nil means everything) and the `orderBy` terms (SQL sort keys, in order).
    func translate(
        _ expression: String?, bind: [String: WhereBindValue], dimensionColumns: [String: String],
        datasetType: String? = nil, datasetColumns: [String: String] = [:], orderBy: [String] = [], governorsIndexed: Bool = false
    ) throws -> (joins: String, condition: String, arguments: [DatabaseValue], order: [String]) {
        let text = expression?.trimmingCharacters(in: .whitespaces) ?? ""
        let translator = WhereTranslator(
            universe: universe, dialect: database.dialect, source: text, bind: bind, dimensionColumns: dimensionColumns,
            datasetType: datasetType, datasetColumns: datasetColumns)
        translator.governorsIndexed = governorsIndexed
        if database.dialect == .postgresql { translator.regionMatches = { [self] in try regionMatches($0, $1) } }
        let condition = text.isEmpty ? database.dialect.alwaysTrue : try translator.condition(try WhereExpression(parsing: text))
        let order = try orderBy.map { try translator.ordering($0) }
        return (translator.joins.joined(separator: " "), condition, translator.arguments, order)
    }

    /// Runs a query built from `expression`, turning the database's refusals of a statement too big for its parser
    /// into an error about the expression (they come from nesting or size, never from the data).
    func limitingExpression<T>(_ expression: String?, _ body: () throws -> T) throws -> T {
        do { return try body() } catch {
            let message = (error as? DatabaseError)?.message ?? (error as? PostgresError)?.message ?? ""
            let limits = [
                "parser stack overflow", "Expression tree is too large", "too many SQL variables", "too many terms",
                "stack depth limit exceeded", "too many parameters", "number of parameters must be between",
            ]
            // PostgreSQL refuses integer overflow where SQLite goes over to floating point; either way the expression's
            // arithmetic, not the data, is at fault.
            if let error = error as? PostgresError, error.sqlState == "22003" {
                throw ButlerError.invalidExpression(
                    "the expression's arithmetic goes out of range on PostgreSQL (\(error.message))", expression: expression ?? "", column: 1)
            }
            if error is DatabaseError, let start = message.range(of: SkyPixelJoin.tooManyPixels) {
                throw ButlerError.invalidExpression(String(message[start.lowerBound...]), expression: expression ?? "", column: 1)
            }
            guard error is DatabaseError || error is PostgresError, limits.contains(where: { message.contains($0) }) else { throw error }
            let engine = database.dialect == .sqlite ? "SQLite" : "PostgreSQL"
            throw ButlerError.invalidExpression(
                "the expression is too deeply nested or too long for \(engine) (\(message)); use fewer parentheses or IN lists",
                expression: expression ?? "", column: 1)
        }
    }
}
