import Foundation
import GRDB
import SciSky
import Synchronization

/// The SQLite functions that relate sky pixels (`healpix8`, `htm7`) to the regions of spatial records, for the
/// spatial joins daf_butler makes: datasets on `healpix8` whose pixel overlaps `exposure = 3`'s region, and the
/// (exposure, healpix8) pairs of `query-data-ids exposure healpix8`.
///
/// A pixel relates to a region as daf_butler relates its common sky pixels (`htm7`) to regions: when it is in the
/// region's envelope (sphgeom's `envelope`, stored in its overlap table, with no exact test). Other pixelizations
/// get the exact test daf_butler applies to region pairs: the pixel's outline (`SkyPixelization.polygon`) overlaps
/// the region. The function takes `exact` as 0 or 1 so the registry, which knows its universe, chooses.
enum SkyPixelJoin {
    /// `sci_skypix_pixels(dimension, exact, region)`: the pixels that relate to a region, as a JSON array for
    /// `json_each`; `[]` for a NULL or unreadable region.
    static let pixelsFunction = DatabaseFunction("sci_skypix_pixels", argumentCount: 3, pure: true) { values in
        guard let dimension = String.fromDatabaseValue(values[0]), let exact = Int64.fromDatabaseValue(values[1]),
            let hex = String.fromDatabaseValue(values[2]), let entry = cache.entry(dimension, hex)
        else { return "[]" }
        guard entry.envelope != nil else {
            throw DatabaseError(message: "\(tooManyPixels) \(maximumPixels) \(dimension) pixels; join to a coarser sky pixelization")
        }
        return exact == 0 ? entry.envelopeJSON : entry.exactJSON
    }

    /// The most pixels one region is listed by. A region lists every pixel it touches, so a visit at htm24 would be
    /// ten billion of them: the memory runs out before the query ends.
    static let maximumPixels = 1_000_000

    /// How the error of a region with more than `maximumPixels` pixels starts, for `Registry.limitingExpression`.
    static let tooManyPixels = "a region's pixels are more than"

    /// The SQL table of the pixels of `dimension` that relate to `region`, with the pixel in its `value` column.
    static func pixels(_ dimension: String, region: String, universe: DimensionUniverse) -> String {
        "json_each(sci_skypix_pixels(\(RegistrySchema.quoteText(dimension)), \(exact(dimension, universe)), \(region)))"
    }

    private static func exact(_ dimension: String, _ universe: DimensionUniverse) -> Int {
        dimension == universe.commonSkyPix ? 0 : 1
    }

    /// A region as the functions need it, computed once: a query over 100,000 pixel datasets meets the same few
    /// regions again and again.
    final class Entry: Sendable {
        let pixelization: SkyPixelization
        let region: SkyRegion
        /// Nil when the region has more than `maximumPixels` pixels (found without listing them).
        let envelope: PixelRanges?
        private let pixelsJSON: Mutex<(envelope: String?, exact: String?)> = Mutex((nil, nil))

        init(pixelization: SkyPixelization, region: SkyRegion) {
            self.pixelization = pixelization
            self.region = region
            // Each range holds a pixel at least, so the search can stop at as many ranges as pixels allowed.
            envelope = pixelization.envelope(region, maxRanges: maximumPixels).flatMap { $0.count <= UInt64(maximumPixels) ? $0 : nil }
        }

        /// The envelope's pixels as JSON; only for an entry whose envelope is known.
        var envelopeJSON: String {
            if let json = pixelsJSON.withLock({ $0.envelope }) { return json }
            let json = "[" + (envelope?.pixels ?? []).map(String.init).joined(separator: ",") + "]"
            pixelsJSON.withLock { $0.envelope = json }
            return json
        }

        /// The overlapping pixels as JSON; only for an entry whose envelope is known.
        var exactJSON: String {
            if let json = pixelsJSON.withLock({ $0.exact }) { return json }
            let overlapping = envelope.map { pixelization.overlapping(region, within: $0) } ?? []
            let json = "[" + overlapping.map(String.init).joined(separator: ",") + "]"
            pixelsJSON.withLock { $0.exact = json }
            return json
        }
    }

    /// The last regions seen, by dimension and sphgeom hex.
    final class Cache: Sendable {
        private let entries = Mutex<[String: Entry]>([:])
        /// Enough for the records one query relates; the cache is emptied when it is full.
        private let capacity = 4096

        func entry(_ dimension: String, _ hex: String) -> Entry? {
            let key = dimension + "|" + hex
            if let found = entries.withLock({ $0[key] }) { return found }
            guard let pixelization = (try? SkyPixelization(dimension: dimension)) ?? nil,
                let region = try? SkyRegion(sphgeomHex: hex)
            else { return nil }
            let entry = Entry(pixelization: pixelization, region: region)
            entries.withLock { entries in
                if entries.count >= capacity { entries.removeAll(keepingCapacity: true) }
                entries[key] = entry
            }
            return entry
        }
    }

    static let cache = Cache()
}
