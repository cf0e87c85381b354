import Foundation
import SciSky

extension Registry {
    /// The sky pixels of a sky-pixel dimension (`healpix8`, `htm7`) that the regions of the spatial records matching
    /// `where` overlap, sorted; nil when `dimension` is not a sky-pixel dimension. This answers
    /// `query-data-ids REPO healpix8 --where "exposure = 3"` as daf_butler's spatial join does.
    public func skyPixels(_ dimension: String, where expression: String?, bind: [String: WhereBindValue] = [:]) throws -> [UInt64]? {
        let pixelization: SkyPixelization
        do {
            guard let found = try SkyPixelization(dimension: dimension) else { return nil }
            pixelization = found
        } catch { throw ButlerError.unknownDimension(dimension, known: universe.elements.map(\.name)) }
        let spatial = universe.elements.filter(\.isSpatial)
        guard !spatial.isEmpty else {
            throw ButlerError.invalidDataId("no dimension of this repository has a region, so no \(dimension) pixel relates to a record")
        }
        var pixels = Set<UInt64>()
        var answered = false
        var lastError: (any Error)?
        for element in spatial {
            // The clause names one spatial element's dimensions (`exposure = 3`); the others cannot answer it.
            let records: [[String: RecordValue]]
            do { records = try queryDimensionRecords(element.name, where: expression, bind: bind) } catch {
                lastError = error
                continue
            }
            answered = true
            for record in records {
                guard case .string(let hex) = record["region"] ?? .null, let region = try? SkyRegion(sphgeomHex: hex) else { continue }
                pixels.formUnion(pixelization.overlapping(region))
            }
        }
        if !answered, let lastError { throw lastError }
        return pixels.sorted()
    }
}
