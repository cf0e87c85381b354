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
}
