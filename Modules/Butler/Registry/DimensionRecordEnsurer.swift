import GRDB

/// Checks that the dimension records data IDs need exist before datasets refer to them, as daf_butler does (an
/// ingest of exposure 999 without its record fails there, naming the missing value); with `create`, inserts the
/// missing ones with their keys only instead (the SPHEREx POC synced them by hand).
///
/// Keys already checked are remembered: an ingest of 10,000 files names the same instrument and detectors over and
/// over, and each statement skipped is a B-tree probe saved. Use one ensurer per transaction.
struct DimensionRecordEnsurer {
    private struct Element {
        let name: String
        let keys: [String]
        let columns: [String]
        /// The statement on SQLite and on PostgreSQL (they differ in how an insert skips an existing row).
        let statements: (sqlite: String, postgresql: String)
        /// The indexes of a sky-pixel dimension, which has no records to look up: its values are only checked.
        let pixels: Range<UInt64>?
    }

    private let elements: [Element]
    private let create: Bool
    private var ensured: [Set<[DataIdValue]>]

    /// An ensurer for data IDs over `dimensions` (each with the dimensions it requires); `create` inserts missing
    /// records instead of refusing them.
    init(universe: DimensionUniverse, dimensions: [String], create: Bool) throws {
        self.create = create
        elements = try dimensions.map { name in
            let element = try universe.element(name)
            let keys = try universe.requiredDimensions(of: name) + [name]
            let columns = keys.map { $0 == name ? element.primaryKey.name : $0 }
            let quoted = columns.map(RegistrySchema.quote)
            func statement(_ dialect: SQLDialect) -> String {
                create
                    ? dialect.insertIgnoringExisting(
                        into: RegistrySchema.quote(name), columns: quoted.joined(separator: ", "),
                        values: Array(repeating: "?", count: keys.count).joined(separator: ", "))
                    : "SELECT 1 FROM \(RegistrySchema.quote(name)) WHERE \(quoted.map { "\($0) = ?" }.joined(separator: " AND "))"
            }
            return Element(
                name: name, keys: keys, columns: columns, statements: (statement(.sqlite), statement(.postgresql)),
                pixels: universe.skyPixelization(name)?.validPixels)
        }
        ensured = Array(repeating: [], count: elements.count)
    }

    /// Inserts or checks whatever records `dataId` needs that have not been seen yet in this transaction.
    mutating func ensure(_ dataId: DataId, db: RegistryConnection) throws {
        for (index, element) in elements.enumerated() {
            let values = try element.keys.map { key in
                guard let value = dataId[key] else { throw ButlerError.invalidDataId("\(dataId) has no value for '\(key)'") }
                return value
            }
            guard ensured[index].insert(values).inserted else { continue }
            if let pixels = element.pixels {
                guard case .int(let pixel) = values[0], let index = UInt64(exactly: pixel), pixels.contains(index) else {
                    throw ButlerError.invalidDataId(
                        "\(element.name)=\(values[0].description) is not a pixel of \(element.name) (\(pixels.lowerBound)…\(pixels.upperBound - 1)), in \(dataId)")
                }
                continue
            }
            let found: Bool
            if let sqlite = db.sqlite {
                let arguments = StatementArguments(converted: values.map { $0.databaseValue })
                let statement = try sqlite.cachedStatement(sql: element.statements.sqlite)
                if create { try statement.execute(arguments: arguments) }
                found = try create || Bool.fetchOne(statement, arguments: arguments) == true
            } else if create {
                try db.execute(element.statements.postgresql, values: values.map(\.databaseValue))
                found = true
            } else {
                found = try !db.rows(element.statements.postgresql, values: values.map(\.databaseValue)).isEmpty
            }
            if !found {
                let key = zip(element.columns, values).map { "\($0)=\($1.description)" }.joined(separator: ", ")
                throw ButlerError.invalidDataId(
                    "there is no \(element.name) record with \(key) (needed by \(dataId)); insert it first with "
                        + "`sci butler insert-dimension-records`, or ingest with --create-records to make it with its keys only")
            }
        }
    }
}
