/// A set of pixel indexes as sorted, disjoint half-open ranges, as sphgeom's RangeSet.
public struct PixelRanges: Equatable, Sendable, CustomStringConvertible {
    /// The ranges, sorted and neither overlapping nor touching.
    public private(set) var ranges: [Range<UInt64>] = []

    /// An empty set.
    public init() {}

    /// The set of the given pixels.
    public init<S: Sequence>(pixels: S) where S.Element == UInt64 {
        for p in pixels.sorted() { append(p..<(p + 1)) }
    }

    /// Adds a range that starts at or after every range already held (the pixel finders visit in index order).
    mutating func append(_ r: Range<UInt64>) {
        if let last = ranges.last, r.lowerBound <= last.upperBound {
            ranges[ranges.count - 1] = last.lowerBound..<max(last.upperBound, r.upperBound)
        } else {
            ranges.append(r)
        }
    }

    /// Whether the pixel is in the set.
    public func contains(_ pixel: UInt64) -> Bool {
        var lo = 0, hi = ranges.count
        while lo < hi {
            let mid = (lo + hi) / 2
            if ranges[mid].upperBound <= pixel { lo = mid + 1 } else { hi = mid }
        }
        return lo < ranges.count && ranges[lo].contains(pixel)
    }

    /// How many pixels the set holds.
    public var count: UInt64 { ranges.reduce(0) { $0 + UInt64($1.count) } }

    /// Every pixel, in order (beware of large sets at fine levels).
    public var pixels: [UInt64] { ranges.flatMap { Array($0) } }

    /// Whether every pixel of this set is in the other.
    public func isSubset(of other: PixelRanges) -> Bool {
        ranges.allSatisfy { r in
            other.ranges.contains { $0.lowerBound <= r.lowerBound && r.upperBound <= $0.upperBound }
        }
    }

    /// The ranges as `[a, b)` lists.
    public var description: String { ranges.map { "[\($0.lowerBound), \($0.upperBound))" }.joined(separator: " ") }
}
