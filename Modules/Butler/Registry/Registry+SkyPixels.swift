import Foundation
import SciSky

extension Registry {
    /// The sky pixels of a sky-pixel dimension (`healpix8`, `htm7`) that the regions of the spatial records matching
    /// `where` relate to (SkyPixelJoin), sorted; nil when `dimension` is not a sky-pixel dimension. This answers
    /// `query-data-ids REPO healpix8 --where "exposure = 3"` as daf_butler's spatial join does.
    public func skyPixels(_ dimension: String, where expression: String?, bind: [String: WhereBindValue] = [:]) throws -> [UInt64]? {
        guard universe.skyPixelization(dimension) != nil else {
            do { _ = try SkyPixelization(dimension: dimension) } catch {
                throw ButlerError.unknownDimension(dimension, known: universe.elements.map(\.name))
            }
            return nil
        }
        return try queryDataIds([dimension], where: expression, bind: bind).compactMap { dataId -> UInt64? in
            guard case .int(let pixel) = dataId[dimension] else { return nil }
            return UInt64(exactly: pixel)
        }.sorted()
    }
}
