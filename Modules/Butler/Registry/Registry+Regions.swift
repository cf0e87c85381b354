import Foundation
import GRDB
public import SciSky

extension Registry {
    /// Sets the region of existing records of spatial dimensions, all in one transaction (none is set if one
    /// record is missing): `(element, dataId, region)` with the data ID holding the element's required dimensions.
    public func setRegions(_ regions: [(element: String, dataId: DataId, region: SkyRegion)]) throws {
        try write { db in
            for (name, dataId, region) in regions {
                let element = try universe.element(name)
                guard element.isSpatial else {
                    throw ButlerError.invalidDataId("dimension '\(name)' has no region (it is not in the universe's topology.spatial)")
                }
                let keys = try RegionIndex.keyColumns(element, universe: universe)
                let values = try keys.map { key -> DatabaseValue in
                    guard let value = dataId[key.dimension] else { throw ButlerError.invalidDataId("\(dataId) has no value for '\(key.dimension)'") }
                    return value.databaseValue
                }
                let condition = keys.map { "\(RegistrySchema.quote($0.column)) = ?" }.joined(separator: " AND ")
                let changed = try db.executeCounting(
                    "UPDATE \(RegistrySchema.quote(name)) SET region = ? WHERE \(condition)", [region.sphgeomHex] + values)
                guard changed == 1 else {
                    throw ButlerError.invalidDataId("there is no \(name) record for \(dataId) to give a region")
                }
                try RegionIndex.index(region, element: element, key: values, universe: universe, db: db)
            }
        }
    }

    /// The keys of `element`'s records whose region overlaps `query`: the index's candidates, each then tested exactly.
    /// PostgreSQL's spatial where-clauses use it (SQLite runs the same test inside its query, as `sci_region_overlaps`).
    func regionMatches(_ element: DimensionElement, _ query: SkyRegion) throws -> [[DatabaseValue]] {
        let keys = try RegionIndex.keyColumns(element, universe: universe).map { RegistrySchema.quote($0.column) }
        let joined = keys.map { "s.\($0) = c.\($0)" }.joined(separator: " AND ")
        // A region indexed by several of the query's pixels is a candidate once.
        let sql = "SELECT \(keys.map { "s.\($0)" }.joined(separator: ", ")), s.region FROM \(RegistrySchema.quote(element.name)) AS s "
            + "JOIN (SELECT DISTINCT \(keys.map { "p.\($0)" }.joined(separator: ", ")) FROM \(RegionIndex.table(element.name)) AS p "
            + "WHERE \(RegionIndex.candidates(query, alias: "p", dialect: database.dialect))) AS c ON \(joined)"
        return try read { db in
            try db.rows(sql, values: []).compactMap { row in
                RegionIndex.overlaps(stored: String.fromDatabaseValue(row.values[keys.count]), query) ? Array(row.values.prefix(keys.count)) : nil
            }
        }
    }
}
