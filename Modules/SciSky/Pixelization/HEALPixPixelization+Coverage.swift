import Foundation

extension HEALPixPixelization {
    /// How many levels below its own the envelope looks to decide whether a pixel touches a region, as sphgeom
    /// does by querying at 16×Nside; deeper looks give tighter envelopes at more cost.
    static let refinementLevels = 4

    /// The nested pixels that may touch the region: every pixel that does, and a thin margin of pixels near its
    /// edge (as sphgeom's `envelope`).
    public func envelope(_ region: SkyRegion) -> PixelRanges { findEnvelope(region, maxRanges: .max) }

    /// The envelope, or nil as soon as it needs more than `maxRanges` ranges (as `HTMPixelization.envelope(_:maxRanges:)`).
    public func envelope(_ region: SkyRegion, maxRanges: Int) -> PixelRanges? {
        let out = findEnvelope(region, maxRanges: maxRanges)
        return out.ranges.count > maxRanges ? nil : out
    }

    private func findEnvelope(_ region: SkyRegion, maxRanges: Int) -> PixelRanges {
        var out = PixelRanges()
        let deepest = min(level + Self.refinementLevels, Self.maxLevel)
        for face in 0..<12 { _ = visitEnvelope(region, face, 0, 0, 0, deepest, maxRanges, &out) }
        return out
    }

    /// The nested pixels whose four corners all lie inside the region (as sphgeom's `interior`).
    public func interior(_ region: SkyRegion) -> PixelRanges {
        var out = PixelRanges()
        for face in 0..<12 { visitInterior(region, face, 0, 0, 0, &out) }
        return out
    }

    /// A circle around the pixel at (x, y) of a face at a depth: its centre and its farthest corner or edge
    /// midpoint, widened by 5% because HEALPix edges are curves, not great circles.
    func bound(face: Int, x: Int, y: Int, depth: Int) -> Circle {
        let n = Double(1 << depth)
        let c = Self.direction(face: face, x: (Double(x) + 0.5) / n, y: (Double(y) + 0.5) / n)
        var r2 = 0.0
        for (dx, dy) in [(0.0, 0.0), (0.5, 0.0), (1.0, 0.0), (1.0, 0.5), (1.0, 1.0), (0.5, 1.0), (0.0, 1.0), (0.0, 0.5)] {
            let p = Self.direction(face: face, x: (Double(x) + dx) / n, y: (Double(y) + dy) / n)
            r2 = max(r2, p.squaredChord(to: c))
        }
        let radius = 2 * asin(min(1, r2.squareRoot() / 2)) * 180 / .pi
        return Circle(unchecked: c, radius: min(180, radius * 1.05 + 1e-12))
    }

    func nested(face: Int, x: Int, y: Int, depth: Int) -> UInt64 {
        (UInt64(face) << UInt64(2 * depth)) + Self.spread(UInt64(x)) + (Self.spread(UInt64(y)) << 1)
    }

    /// Visits a pixel at `depth`; returns whether it may touch the region. Above this pixelization's level it
    /// records what it finds; at and below it only answers, stopping at the first touching descendant.
    private func visitEnvelope(_ region: SkyRegion, _ face: Int, _ x: Int, _ y: Int, _ depth: Int, _ deepest: Int,
                               _ maxRanges: Int, _ out: inout PixelRanges) -> Bool {
        // Past the limit the caller discards the envelope, so the answer no longer matters.
        if out.ranges.count > maxRanges { return false }
        let rel = region.relate(bound: bound(face: face, x: x, y: y, depth: depth))
        if rel == .disjoint { return false }
        if rel == .within || depth == deepest {
            if depth <= level {
                let i = nested(face: face, x: x, y: y, depth: depth), s = UInt64(2 * (level - depth))
                out.append((i << s)..<((i + 1) << s))
            }
            return true
        }
        if depth < level {
            for k in 0..<4 { _ = visitEnvelope(region, face, 2 * x + (k & 1), 2 * y + (k >> 1), depth + 1, deepest, maxRanges, &out) }
            return true
        }
        var hit = false
        for k in 0..<4 where visitEnvelope(region, face, 2 * x + (k & 1), 2 * y + (k >> 1), depth + 1, deepest, maxRanges, &out) {
            hit = true
            break
        }
        if hit && depth == level {
            let i = nested(face: face, x: x, y: y, depth: depth)
            out.append(i..<(i + 1))
        }
        return hit
    }

    private func visitInterior(_ region: SkyRegion, _ face: Int, _ x: Int, _ y: Int, _ depth: Int, _ out: inout PixelRanges) {
        let rel = region.relate(bound: bound(face: face, x: x, y: y, depth: depth))
        if rel == .disjoint { return }
        let i = nested(face: face, x: x, y: y, depth: depth)
        if rel == .within {
            let s = UInt64(2 * (level - depth))
            out.append((i << s)..<((i + 1) << s))
            return
        }
        if depth == level {
            if corners(face: face, x: x, y: y, nside: 1 << depth).allSatisfy(region.contains) { out.append(i..<(i + 1)) }
            return
        }
        for k in 0..<4 { visitInterior(region, face, 2 * x + (k & 1), 2 * y + (k >> 1), depth + 1, &out) }
    }
}

extension HEALPixPixelization {
    /// A pixel's outline through `pointsPerSide` points a side, starting at its north corner and going west
    /// (healpy's and hpgeom's `boundaries(step:)` order), as a convex polygon.
    public func outline(_ pixel: UInt64, pointsPerSide step: Int) throws(SkyError) -> ConvexPolygon {
        try check(pixel)
        guard (1...64).contains(step) else { throw SkyError("\(step) points a side is outside 1…64") }
        let p = faceXY(pixel)
        let n = Double(nside), s = Double(step)
        let x0 = Double(p.x) / n, y0 = Double(p.y) / n, d = 1 / n
        var points: [UnitVector] = []
        for i in 0..<step { points.append(Self.direction(face: p.face, x: x0 + d - Double(i) * d / s, y: y0 + d)) }
        for i in 0..<step { points.append(Self.direction(face: p.face, x: x0, y: y0 + d - Double(i) * d / s)) }
        for i in 0..<step { points.append(Self.direction(face: p.face, x: x0 + Double(i) * d / s, y: y0)) }
        for i in 0..<step { points.append(Self.direction(face: p.face, x: x0 + d, y: y0 + Double(i) * d / s)) }
        if let polygon = try? ConvexPolygon(vertices: points) { return polygon }
        // Points on a pixel's curved edge can make it very slightly non-convex; its hull is as good an outline.
        return try ConvexPolygon(hullOf: points)
    }
}
