/// The Hierarchical Triangular Mesh at one level, indexed as lsst.sphgeom's HtmPixelization (daf_butler's `htmN`):
/// 8 root triangles numbered 8–15, each split into 4 children per level, so a level-L index has 2L+4 bits.
public struct HTMPixelization: Equatable, Sendable {
    /// The subdivision level, 0…24.
    public let level: Int

    /// The deepest level sphgeom supports (and a UInt64 holds).
    public static let maxLevel = 24

    /// The pixelization at a level; throws outside 0…24.
    public init(level: Int) throws(SkyError) {
        guard (0...HTMPixelization.maxLevel).contains(level) else {
            throw SkyError("HTM level \(level) is outside 0…\(HTMPixelization.maxLevel)", hint: "use htm0 … htm24, e.g. htm7")
        }
        self.level = level
    }

    /// The corners of the root triangles S0–S3 and N0–N3, counter-clockwise.
    static let roots: [[UnitVector]] = {
        let x = UnitVector(unchecked: 1, 0, 0), y = UnitVector(unchecked: 0, 1, 0), z = UnitVector(unchecked: 0, 0, 1)
        return [[x, -z, y], [y, -z, -x], [-x, -z, -y], [-y, -z, x], [x, z, -y], [-y, z, -x], [-x, z, y], [y, z, x]]
    }()

    /// The number of pixels at this level (8·4^level); indexes run from 8·4^level to 16·4^level.
    public var universe: Range<UInt64> { (UInt64(8) << (2 * level))..<(UInt64(16) << (2 * level)) }

    @inline(__always) static func mid(_ a: UnitVector, _ b: UnitVector) -> UnitVector {
        UnitVector(normalizing: a.x + b.x, a.y + b.y, a.z + b.z)!
    }

    /// The index of the trixel holding a direction.
    public func index(_ v: UnitVector) -> UInt64 {
        let r: Int
        if v.z < 0 {
            if v.y > 0 { r = v.x > 0 ? 0 : 1 } else if v.y == 0 { r = v.x >= 0 ? 0 : 2 } else { r = v.x < 0 ? 2 : 3 }
        } else {
            if v.y > 0 { r = v.x > 0 ? 7 : 6 } else if v.y == 0 { r = v.x >= 0 ? 7 : 5 } else { r = v.x < 0 ? 5 : 4 }
        }
        let t = HTMPixelization.roots[r]
        var (v0, v1, v2) = (t[0], t[1], t[2])
        var i = UInt64(r + 8)
        for _ in 0..<level {
            let m01 = Self.mid(v0, v1), m20 = Self.mid(v2, v0)
            i <<= 2
            if SphericalMath.orientation(v, m01, m20) >= 0 {
                (v1, v2) = (m01, m20)
                continue
            }
            let m12 = Self.mid(v1, v2)
            if SphericalMath.orientation(v, m12, m01) >= 0 {
                (v0, v1, v2) = (v1, m12, m01)
                i += 1
            } else if SphericalMath.orientation(v, m20, m12) >= 0 {
                (v0, v1, v2) = (v2, m20, m12)
                i += 2
            } else {
                (v0, v1, v2) = (m12, m20, m01)
                i += 3
            }
        }
        return i
    }

    /// The index of the trixel holding an RA/Dec position in degrees; throws for a non-finite number or a Dec outside
    /// [-90, 90], whose direction is NaN or not the position meant, and would still get an index.
    public func index(lon: Double, lat: Double) throws(SkyError) -> UInt64 {
        _ = try LonLat(lon: lon, lat: lat)
        return index(UnitVector(lon: lon, lat: lat))
    }

    /// The triangle of an index at this level; throws for an index that is not one.
    public func triangle(_ index: UInt64) throws(SkyError) -> ConvexPolygon {
        guard universe.contains(index) else {
            throw SkyError("\(index) is not an htm\(level) pixel", hint: "htm\(level) pixels run from \(universe.lowerBound) to \(universe.upperBound - 1)")
        }
        let r = Int((index >> (2 * level)) & 7)
        var (v0, v1, v2) = (Self.roots[r][0], Self.roots[r][1], Self.roots[r][2])
        var shift = 2 * level - 2
        while shift >= 0 {
            let m12 = Self.mid(v1, v2), m20 = Self.mid(v2, v0), m01 = Self.mid(v0, v1)
            switch (index >> UInt64(shift)) & 3 {
            case 0: (v1, v2) = (m01, m20)
            case 1: (v0, v1, v2) = (v1, m12, m01)
            case 2: (v0, v1, v2) = (v2, m20, m12)
            default: (v0, v1, v2) = (m12, m20, m01)
            }
            shift -= 2
        }
        return ConvexPolygon(uncheckedVertices: [v0, v1, v2])
    }

    /// The trixels that may touch the region (a superset of those that do), as sphgeom's `envelope`.
    public func envelope(_ region: SkyRegion) -> PixelRanges { find(region, interiorOnly: false, maxRanges: .max) }

    /// The envelope, or nil as soon as it needs more than `maxRanges` ranges: a large region at a fine level has
    /// millions along its edge (a 10° circle at htm24, twelve million), more than a query can use.
    public func envelope(_ region: SkyRegion, maxRanges: Int) -> PixelRanges? {
        let out = find(region, interiorOnly: false, maxRanges: maxRanges)
        return out.ranges.count > maxRanges ? nil : out
    }

    /// The trixels wholly inside the region (a subset of those that are), as sphgeom's `interior`.
    public func interior(_ region: SkyRegion) -> PixelRanges { find(region, interiorOnly: true, maxRanges: .max) }

    private func find(_ region: SkyRegion, interiorOnly: Bool, maxRanges: Int) -> PixelRanges {
        var out = PixelRanges()
        for r in 0..<8 {
            visit(Self.roots[r], UInt64(r + 8), 0, region, interiorOnly, maxRanges, &out)
        }
        return out
    }

    private func visit(_ t: [UnitVector], _ index: UInt64, _ depth: Int, _ region: SkyRegion, _ interiorOnly: Bool,
                       _ maxRanges: Int, _ out: inout PixelRanges) {
        if out.ranges.count > maxRanges { return }
        let rel = region.relate(pixel: t, bound: ConvexPolygon(uncheckedVertices: t).boundingCircle)
        if rel == .disjoint { return }
        if rel == .within {
            let shift = UInt64(2 * (level - depth))
            out.append((index << shift)..<((index + 1) << shift))
            return
        }
        if depth == level {
            if !interiorOnly { out.append(index..<(index + 1)) }
            return
        }
        let m0 = Self.mid(t[1], t[2]), m1 = Self.mid(t[2], t[0]), m2 = Self.mid(t[0], t[1])
        let i = index << 2
        visit([t[0], m2, m1], i, depth + 1, region, interiorOnly, maxRanges, &out)
        visit([t[1], m0, m2], i + 1, depth + 1, region, interiorOnly, maxRanges, &out)
        visit([t[2], m1, m0], i + 2, depth + 1, region, interiorOnly, maxRanges, &out)
        visit([m0, m1, m2], i + 3, depth + 1, region, interiorOnly, maxRanges, &out)
    }
}
