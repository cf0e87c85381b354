/// A sky pixelization named as daf_butler names its sky-pixel dimensions: `htm0`…`htm24`, `healpix0`…`healpix17`.
public enum SkyPixelization: Equatable, Sendable {
    /// HTM at a level.
    case htm(HTMPixelization)
    /// HEALPix (nested) at a level.
    case healpix(HEALPixPixelization)

    /// The pixelization a dimension name stands for, nil when the name is not a sky-pixel dimension; a level
    /// beyond daf_butler's (24 for HTM, 17 for HEALPix) is an error.
    public init?(dimension name: String) throws(SkyError) {
        for (prefix, maximum) in [("htm", HTMPixelization.maxLevel), ("healpix", 17)] where name.hasPrefix(prefix) {
            let digits = name.dropFirst(prefix.count)
            // daf_butler's names have no leading zero: `healpix07` names no dimension (it is not healpix7).
            guard !digits.isEmpty, digits.allSatisfy(\.isASCII), digits.allSatisfy(\.isNumber), digits == "0" || digits.first != "0" else {
                return nil
            }
            guard digits.count <= 2, let level = Int(digits), level <= maximum else {
                throw SkyError("\(name) is beyond the deepest \(prefix) level, \(prefix)\(maximum)")
            }
            self = prefix == "htm" ? .htm(try HTMPixelization(level: level)) : .healpix(try HEALPixPixelization(level: level))
            return
        }
        return nil
    }

    /// The indexes it has: HTM's start at 8·4^level, HEALPix's (nested) at 0.
    public var validPixels: Range<UInt64> {
        switch self {
        case .htm(let p): p.universe
        case .healpix(let p): 0..<p.pixelCount
        }
    }

    /// The pixels that may touch the region (sphgeom's `envelope`).
    public func envelope(_ region: SkyRegion) -> PixelRanges {
        switch self {
        case .htm(let p): p.envelope(region)
        case .healpix(let p): p.envelope(region)
        }
    }

    /// The envelope, or nil when it needs more than `maxRanges` ranges; the search stops there, so a region far too
    /// large for the level costs about as much as one that just fits.
    public func envelope(_ region: SkyRegion, maxRanges: Int) -> PixelRanges? {
        switch self {
        case .htm(let p): p.envelope(region, maxRanges: maxRanges)
        case .healpix(let p): p.envelope(region, maxRanges: maxRanges)
        }
    }

    /// A pixel's outline as a polygon: an HTM trixel exactly; a HEALPix pixel through four points a side, as
    /// sphgeom's `HealpixPixelization.pixel` draws it.
    public func polygon(_ pixel: UInt64) throws(SkyError) -> ConvexPolygon {
        switch self {
        case .htm(let p): return try p.triangle(pixel)
        case .healpix(let p): return try p.outline(pixel, pointsPerSide: 4)
        }
    }

    /// The pixels that overlap the region: the envelope's pixels whose outline overlaps it.
    public func overlapping(_ region: SkyRegion) -> [UInt64] { overlapping(region, within: envelope(region)) }

    /// The pixels of `envelope` (the region's, found once, perhaps under a limit) whose outline overlaps the region.
    public func overlapping(_ region: SkyRegion, within envelope: PixelRanges) -> [UInt64] {
        envelope.pixels.filter { pixel in
            (try? polygon(pixel)).map { SkyRegion.polygon($0).overlaps(region) } ?? false
        }
    }
}
