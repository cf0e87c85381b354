extension HTMPixelization {
    /// The finest level up to `maximumLevel` at which the region's envelope takes at most `maximumPixels` trixels, and
    /// those trixels in order: the same pixels as `HTMPixelization(level:).envelope(region)` at that level, found in one
    /// breadth-first descent instead of one descent per level (a registry indexing a million regions asks this of each).
    public static func cover(_ region: SkyRegion, maximumPixels: Int, maximumLevel: Int) -> (level: Int, pixels: [UInt64]) {
        // A trixel kept at the current level: its corners, index, and whether it lies wholly inside the region (then its
        // children do too, without testing).
        struct Trixel {
            var corners: [UnitVector]
            var index: UInt64
            var inside: Bool
        }
        func relation(_ corners: [UnitVector]) -> Relation {
            region.relate(pixel: corners, bound: ConvexPolygon(uncheckedVertices: corners).boundingCircle)
        }
        var current: [Trixel] = []
        for (r, corners) in roots.enumerated() {
            let rel = relation(corners)
            if rel != .disjoint { current.append(Trixel(corners: corners, index: UInt64(r + 8), inside: rel == .within)) }
        }
        var level = 0
        let deepest = min(max(0, maximumLevel), maxLevel)
        while level < deepest {
            var next: [Trixel] = []
            next.reserveCapacity(4 * current.count)
            for t in current {
                let c = t.corners
                let m0 = mid(c[1], c[2]), m1 = mid(c[2], c[0]), m2 = mid(c[0], c[1])
                let i = t.index << 2
                for (k, child) in [[c[0], m2, m1], [c[1], m0, m2], [c[2], m1, m0], [m0, m1, m2]].enumerated() {
                    if t.inside {
                        next.append(Trixel(corners: child, index: i + UInt64(k), inside: true))
                        continue
                    }
                    let rel = relation(child)
                    if rel != .disjoint { next.append(Trixel(corners: child, index: i + UInt64(k), inside: rel == .within)) }
                }
                if next.count > maximumPixels { break }
            }
            if next.count > maximumPixels { break }
            current = next
            level += 1
        }
        return (level, current.map(\.index))
    }
}
