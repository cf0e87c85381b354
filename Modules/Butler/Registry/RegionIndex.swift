import Foundation
import GRDB
import SciSky
import Synchronization

/// The sky-pixel index of the regions on spatial dimension records (`visit.region`, or `exposure.region` in a universe
/// that makes exposures spatial), so that `… OVERLAPS POINT(ra, dec)` looks up a few pixels instead of testing every
/// region.
///
/// Each region is indexed by the HTM trixels of its envelope at the finest level (0…13) where that takes at most
/// `maximumPixels` trixels, so a 10° field and a 10″ one both cost a handful of rows. A query region asks every level
/// for its envelope; the rows found are candidates, and `sci_region_overlaps` then tests each exactly.
enum RegionIndex {
    /// The HTM levels regions are indexed at (htm13 trixels are about 40″ across).
    static let levels = 0...13
    /// The most trixels one region is indexed by.
    static let maximumPixels = 8
    /// How many pixel ranges a query region may ask one level for before coarser ranges stand in for them.
    static let maximumQueryRanges = 64

    /// The pixelizations of `levels` (levels 0…13 are all valid, so making them cannot fail).
    static let htm: [HTMPixelization] = levels.compactMap { try? HTMPixelization(level: $0) }

    /// The index table of a spatial element.
    static func table(_ element: String) -> String { RegistrySchema.quote(element + "_region_pixels") }

    /// The index tables, one per spatial element: (level, pixel) first, so a lookup by pixel is one B-tree search.
    static func tablesSQL(universe: DimensionUniverse, dialect: SQLDialect) throws -> [String] {
        try universe.elements.filter(\.isSpatial).flatMap { element -> [String] in
            let keys = try keyColumns(element, universe: universe)
            let columns = try keys.map {
                "\(RegistrySchema.quote($0.column)) \(dialect.type(try universe.element($0.dimension).primaryKey.type.sqlType)) NOT NULL"
            }
            let keyList = keys.map { RegistrySchema.quote($0.column) }.joined(separator: ", ")
            let int = dialect.type("INTEGER")
            return [
                "CREATE TABLE \(table(element.name)) (level \(int) NOT NULL, pixel \(int) NOT NULL, \(columns.joined(separator: ", ")), "
                    + "PRIMARY KEY (level, pixel, \(keyList)))" + (dialect == .sqlite ? " WITHOUT ROWID" : ""),
                "CREATE INDEX \(RegistrySchema.quote(element.name + "_region_pixels_record")) ON \(table(element.name)) (\(keyList))",
            ]
        }
    }

    /// The element's key columns in its own table, with the dimension each holds.
    static func keyColumns(_ element: DimensionElement, universe: DimensionUniverse) throws -> [(column: String, dimension: String)] {
        try universe.requiredDimensions(of: element.name).map { ($0, $0) } + [(element.primaryKey.name, element.name)]
    }

    /// The region of a record's `region` value (IVOA POS text, `CIRCLE(…)`, or sphgeom hex), as an error that names
    /// the record's element when it is not one.
    static func region(_ value: RecordValue, element: String) throws -> SkyRegion? {
        switch value {
        case .null: return nil
        case .string(let text):
            do { return try SkyRegion(parsing: text) } catch {
                throw ButlerError.invalidDataId("the region of a '\(element)' record: \(error.message)")
            }
        default: throw ButlerError.invalidDataId("the region of a '\(element)' record must be text (IVOA POS or sphgeom hex)")
        }
    }

    /// The level and trixels a stored region is indexed by.
    static func pixels(of region: SkyRegion) -> (level: Int, pixels: [UInt64]) {
        HTMPixelization.cover(region, maximumPixels: maximumPixels, maximumLevel: levels.upperBound)
    }

    /// Replaces the index rows of one record.
    static func index(_ region: SkyRegion?, element: DimensionElement, key: [DatabaseValue], universe: DimensionUniverse, db: RegistryConnection) throws {
        let keys = try keyColumns(element, universe: universe)
        let condition = keys.map { "\(RegistrySchema.quote($0.column)) = ?" }.joined(separator: " AND ")
        try db.execute("DELETE FROM \(table(element.name)) WHERE \(condition)", values: key)
        guard let region else { return }
        let (level, pixels) = pixels(of: region)
        try insert(pixels.map { (level, $0, key) }, element: element, keyColumns: keys.map(\.column), db: db)
    }

    /// Writes index rows (level, pixel, the record's key values), many to a statement: an insert of a million regions
    /// makes millions of them.
    static func insert(_ rows: [(level: Int, pixel: UInt64, key: [DatabaseValue])], element: DimensionElement, keyColumns: [String], db: RegistryConnection) throws {
        let columns = (["level", "pixel"] + keyColumns).map(RegistrySchema.quote).joined(separator: ", ")
        let row = "(" + Array(repeating: "?", count: keyColumns.count + 2).joined(separator: ", ") + ")"
        let batch = 100
        var values: [DatabaseValue] = []
        values.reserveCapacity(batch * (keyColumns.count + 2))
        var start = 0
        while start < rows.count {
            let end = min(rows.count, start + batch)
            values.removeAll(keepingCapacity: true)
            for (level, pixel, key) in rows[start..<end] {
                // Trixel indexes stay below 2^52 at the levels indexed, so they fit an SQL integer.
                values.append(Int64(level).databaseValue)
                values.append(Int64(pixel).databaseValue)
                values.append(contentsOf: key)
            }
            let sql = "INSERT INTO \(table(element.name)) (\(columns)) VALUES " + Array(repeating: row, count: end - start).joined(separator: ", ")
            try db.execute(sql, values: values, cached: end - start == batch)
            start = end
        }
    }

    /// The SQL condition on `p.level`/`p.pixel` that every index row of a region overlapping `query` meets.
    static func candidates(_ query: SkyRegion, alias p: String, dialect: SQLDialect) -> String {
        var terms: [String] = []
        var coarse: (level: Int, ranges: PixelRanges)?
        for level in levels {
            var ranges: [Range<UInt64>]
            if let c = coarse {
                // Once a level needs too many ranges, the last small set, scaled down, stands in for the finer ones.
                let shift = UInt64(2 * (level - c.level))
                ranges = c.ranges.ranges.map { ($0.lowerBound << shift)..<($0.upperBound << shift) }
            } else {
                let envelope = htm[level].envelope(query)
                if envelope.ranges.count > maximumQueryRanges, level > 0 {
                    coarse = (level - 1, htm[level - 1].envelope(query))
                    let shift: UInt64 = 2
                    ranges = coarse!.ranges.ranges.map { ($0.lowerBound << shift)..<($0.upperBound << shift) }
                } else {
                    ranges = envelope.ranges
                }
            }
            let parts = ranges.map { r in
                r.count == 1 ? "\(p).pixel = \(r.lowerBound)" : "\(p).pixel BETWEEN \(r.lowerBound) AND \(r.upperBound - 1)"
            }
            if parts.isEmpty { continue }
            terms.append("(\(p).level = \(level) AND (\(parts.joined(separator: " OR "))))")
        }
        return terms.isEmpty ? dialect.alwaysFalse : "(" + terms.joined(separator: " OR ") + ")"
    }

    /// Whether a stored region (sphgeom hex) overlaps a query region (a circle of radius 0 is a point, which overlaps a
    /// region that contains it). NULL or unreadable regions overlap nothing. Both engines' answers come from here.
    static func overlaps(stored: String?, _ query: SkyRegion) -> Bool {
        guard let stored, let region = try? SkyRegion(sphgeomHex: stored) else { return false }
        if case .circle(let c) = query, c.radius == 0 { return region.contains(c.center) }
        return region.overlaps(query)
    }

    /// `sci_region_overlaps(stored, query)`, SQLite's exact test: `overlaps` with the query region as sphgeom hex.
    static let overlapsFunction = DatabaseFunction("sci_region_overlaps", argumentCount: 2, pure: true) { values in
        guard let query = String.fromDatabaseValue(values[1]), let other = queryRegion(query) else { return false }
        return overlaps(stored: String.fromDatabaseValue(values[0]), other)
    }

    /// The last query region `sci_region_overlaps` decoded, with its text: a statement calls it once per candidate
    /// row with the same query, and decoding a polygon checks its convexity (every vertex against every edge).
    private static let lastQuery = Mutex<(hex: String, region: SkyRegion)?>(nil)

    private static func queryRegion(_ hex: String) -> SkyRegion? {
        if let last = lastQuery.withLock({ $0 }), last.hex == hex { return last.region }
        guard let region = try? SkyRegion(sphgeomHex: hex) else { return nil }
        lastQuery.withLock { $0 = (hex, region) }
        return region
    }
}
