import Foundation
public import SciSky

extension Butler {
    /// The regions the FITS WCS of `files` gives the spatial dimensions of their data IDs (`exposure`, `visit`):
    /// each file's image outline (TAN, TAN-SIP or TPV), and where several files share a record (the detectors of
    /// one exposure), the convex hull of their outlines. Read before an ingest, so a file without a usable WCS
    /// stops it before anything is written.
    public func regionsFromWCS(_ files: [FileToIngest], datasetType: String) throws -> [(element: String, dataId: DataId, region: SkyRegion)] {
        let type = try registry.datasetType(datasetType)
        let group = try registry.universe.group(type.dimensions)
        let spatial = try group.required.filter { try registry.universe.element($0).isSpatial }
        guard !spatial.isEmpty else {
            throw ButlerError.invalidDataId(
                "dataset type \(datasetType) has no spatial dimension to give a region to (its dimensions: \(type.dimensions.joined(separator: ", ")))")
        }
        var corners: [String: [UnitVector]] = [:]
        var order: [(element: String, dataId: DataId, key: String)] = []
        for file in files {
            let polygon: ConvexPolygon
            do { polygon = try SkyWCS.imageRegion(ofFITS: Self.absolute(file.path)) } catch let error as SkyError {
                throw ButlerError.invalidDataId("no region from the WCS of \(file.path): \(error.message)")
            }
            let dataId = try standardize(file.dataId, group: group)
            for element in spatial {
                var recordId = DataId()
                for name in try registry.universe.requiredDimensions(of: element) + [element] { recordId[name] = dataId[name] }
                let key = element + "|" + recordId.description
                if corners[key] == nil { order.append((element, recordId, key)) }
                corners[key, default: []] += polygon.vertices
            }
        }
        return try order.map { item in
            do { return (item.element, item.dataId, SkyRegion.polygon(try ConvexPolygon(hullOf: corners[item.key]!))) } catch let error as SkyError {
                throw ButlerError.invalidDataId("the images of \(item.element) \(item.dataId) make no region: \(error.message)")
            }
        }
    }
}
