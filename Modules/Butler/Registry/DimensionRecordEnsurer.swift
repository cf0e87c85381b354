import GRDB

/// Inserts the key-only dimension records data IDs need when they are missing, so ingest from file names just works
/// (the SPHEREx POC synced them by hand).
///
/// Keys already ensured are remembered: an ingest of 10,000 files names the same instrument and detectors over and
/// over, and each statement skipped is a B-tree probe saved. Use one ensurer per transaction.
struct DimensionRecordEnsurer {
    private struct Element {
        let keys: [String]
        let statement: String
    }

    private let elements: [Element]
    private var ensured: [Set<[DataIdValue]>]

    /// An ensurer for data IDs over `dimensions` (each with the dimensions it requires).
    init(universe: DimensionUniverse, dimensions: [String]) throws {
        elements = try dimensions.map { name in
            let element = try universe.element(name)
            let keys = try universe.requiredDimensions(of: name) + [name]
            let columns = keys.map { RegistrySchema.quote($0 == name ? element.primaryKey.name : $0) }
            let marks = Array(repeating: "?", count: keys.count).joined(separator: ", ")
            return Element(
                keys: keys,
                statement: "INSERT OR IGNORE INTO \(RegistrySchema.quote(name)) (\(columns.joined(separator: ", "))) VALUES (\(marks))")
        }
        ensured = Array(repeating: [], count: elements.count)
    }

    /// Inserts whatever records `dataId` needs that are not there yet.
    mutating func ensure(_ dataId: DataId, db: Database) throws {
        for (index, element) in elements.enumerated() {
            let values = try element.keys.map { key in
                guard let value = dataId[key] else { throw ButlerError.invalidDataId("\(dataId) has no value for '\(key)'") }
                return value
            }
            guard ensured[index].insert(values).inserted else { continue }
            try db.cachedStatement(sql: element.statement).execute(arguments: StatementArguments(converted: values.map { $0.databaseValue }))
        }
    }
}
