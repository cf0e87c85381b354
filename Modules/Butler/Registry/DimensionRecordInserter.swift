import Foundation
import GRDB
import SciPostgres
import SciSky

/// Inserts many records of one dimension element in the caller's transaction, as `insertDimensionRecords` asks.
///
/// A million exposures with regions is a survey's first insert, so the work per record is kept small: the regions are
/// parsed, encoded and given their index pixels on every core before the transaction; the statements are compiled once
/// (SQLite) and reused; and the index rows are written after the records, sorted by pixel, so they fill the index's
/// B-tree in order instead of touching a random page each.
struct DimensionRecordInserter {
    /// A record's region ready to store: its sphgeom hex and the HTM level and trixels that index it.
    struct PreparedRegion: Sendable {
        let hex: String
        let level: Int
        let pixels: [UInt64]
    }

    let element: DimensionElement
    /// The element's key columns (required dimensions, then its own key), which the index rows repeat.
    private let keyColumns: [String]
    private let allowed: Set<String>
    private let table: String
    private let selectExisting: String

    init(_ element: DimensionElement, universe: DimensionUniverse) throws {
        self.element = element
        let parents = try universe.requiredDimensions(of: element.name)
        var allowed = Set(parents + [element.primaryKey.name, element.name] + element.implies + element.recordFields.map(\.name))
        if element.isTemporal { allowed.formUnion(["timespan_begin", "timespan_end"]) }
        if element.isSpatial { allowed.insert("region") }
        self.allowed = allowed
        keyColumns = parents + [element.primaryKey.name]
        table = RegistrySchema.quote(element.name)
        selectExisting = "SELECT * FROM \(table) WHERE " + keyColumns.map { "\(RegistrySchema.quote($0)) = ?" }.joined(separator: " AND ")
    }

    /// The regions of `records` (nil where a record has none), each parsed and pixelized, on every core; a region that
    /// cannot be read is its error, thrown when that record's turn comes, so the first bad record is the one reported.
    static func prepareRegions(_ records: [[String: RecordValue]], element: DimensionElement) -> [Result<PreparedRegion?, any Error>] {
        guard element.isSpatial, records.contains(where: { $0["region"] != nil }) else {
            return Array(repeating: .success(nil), count: records.count)
        }
        @Sendable func prepare(_ record: [String: RecordValue]) -> Result<PreparedRegion?, any Error> {
            Result {
                guard let value = record["region"], let region = try RegionIndex.region(value, element: element.name) else { return nil }
                let (level, pixels) = RegionIndex.pixels(of: region)
                return PreparedRegion(hex: region.sphgeomHex, level: level, pixels: pixels)
            }
        }
        let workers = records.count < 2_000 ? 1 : max(1, ProcessInfo.processInfo.activeProcessorCount)
        let chunk = (records.count + workers - 1) / workers
        return Array(unsafeUninitializedCapacity: records.count) { buffer, count in
            let slots = Slots(buffer)
            DispatchQueue.concurrentPerform(iterations: workers) { worker in
                // Each worker fills its own slice of the buffer, so no two write the same element.
                for i in (worker * chunk)..<min(records.count, (worker + 1) * chunk) {
                    (slots.base + i).initialize(to: prepare(records[i]))
                }
            }
            count = records.count
        }
    }

    /// Inserts `records` (with `regions` from `prepareRegions`); a record that exists is an error unless it is
    /// identical and `sync` is set.
    func insert(_ records: [[String: RecordValue]], regions: [Result<PreparedRegion?, any Error>], sync: Bool, db: RegistryConnection) throws {
        var indexRows: [(level: Int, pixel: UInt64, record: Int)] = []
        var keys: [[DatabaseValue]] = []
        var statements: [[String]: String] = [:]
        for (number, record) in records.enumerated() {
            let region = try regions[number].get()
            var record = record
            if element.isSpatial, record["region"] != nil { record["region"] = region.map { .string($0.hex) } ?? .null }
            guard let inserted = try insert(record, sync: sync, statements: &statements, db: db) else { continue }
            if let region {
                for pixel in region.pixels { indexRows.append((region.level, pixel, keys.count)) }
                keys.append(inserted)
            }
        }
        guard !indexRows.isEmpty else { return }
        indexRows.sort { ($0.level, $0.pixel, $0.record) < ($1.level, $1.pixel, $1.record) }
        try RegionIndex.insert(indexRows.map { ($0.level, $0.pixel, keys[$0.record]) }, element: element, keyColumns: keyColumns, db: db)
    }

    /// Inserts one record and returns its key values; nil when `sync` found it there already, identical.
    /// `statements` keeps the INSERT of each set of columns met so far.
    private func insert(
        _ record: [String: RecordValue], sync: Bool, statements: inout [[String]: String], db: RegistryConnection
    ) throws -> [DatabaseValue]? {
        for key in record.keys where !allowed.contains(key) {
            throw ButlerError.invalidDataId("dimension '\(element.name)' has no field '\(key)'")
        }
        var columns: [String] = []
        var values: [DatabaseValue] = []
        columns.reserveCapacity(record.count)
        values.reserveCapacity(record.count)
        for (key, value) in record.sorted(by: { $0.key < $1.key }) {
            // A record may name its own key by the dimension's name (`detector: 1`) or the key's (`id: 1`).
            columns.append(key == element.name ? element.primaryKey.name : key)
            values.append(value.databaseValue)
        }
        var keyValues: [DatabaseValue] = []
        for required in keyColumns {
            guard let index = columns.firstIndex(of: required) else {
                throw ButlerError.invalidDataId("a '\(element.name)' record needs '\(required)'")
            }
            keyValues.append(values[index])
        }
        if let existing = try db.rows(selectExisting, values: keyValues, cached: true).first {
            guard sync else {
                throw ButlerError.conflictingDataset("a '\(element.name)' record with this key already exists")
            }
            for (column, value) in zip(columns, values) where existing[column] as DatabaseValue != value && !sameRegion(column, existing[column], value) {
                throw ButlerError.conflictingDataset(
                    "'\(element.name)' record differs in '\(column)': \(existing[column] as DatabaseValue) != \(value)")
            }
            return nil
        }
        let sql = statements[columns] ?? {
            let sql = "INSERT INTO \(table) (\(columns.map(RegistrySchema.quote).joined(separator: ", "))) VALUES (\(Array(repeating: "?", count: columns.count).joined(separator: ", ")))"
            statements[columns] = sql
            return sql
        }()
        do { try db.execute(sql, values: values, cached: true) } catch where RegistryConnection.isConstraintViolation(error) {
            let reason = (error as? DatabaseError)?.message ?? (error as? PostgresError)?.description ?? "constraint failed"
            throw ButlerError.conflictingDataset("cannot insert the '\(element.name)' record: \(reason)")
        }
        return keyValues
    }

    /// Whether two stored region values are the same region: a circle read back from its hex and written again may
    /// differ in the last bit of its opening angle (sphgeom keeps radians, sci degrees), and is still the same circle.
    private func sameRegion(_ column: String, _ stored: DatabaseValue, _ new: DatabaseValue) -> Bool {
        guard column == "region", let a = String.fromDatabaseValue(stored), let b = String.fromDatabaseValue(new) else { return false }
        return (try? SkyRegion(sphgeomHex: a)) == (try? SkyRegion(sphgeomHex: b)) && (try? SkyRegion(sphgeomHex: a)) != nil
    }

    /// A buffer's base address that the workers of `prepareRegions` share, each writing its own elements.
    private final class Slots<T>: @unchecked Sendable {
        let base: UnsafeMutablePointer<T>
        // Only made for a buffer of at least one record, which has an address.
        init(_ buffer: UnsafeMutableBufferPointer<T>) { base = buffer.baseAddress! }
    }
}
