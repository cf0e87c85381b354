/// A product's semantic version, `major.minor.patch`, as HIPPO revises it.
struct ProductVersion: Hashable, Sendable, CustomStringConvertible {
    /// The version of a new product.
    static let first = ProductVersion(parts: [1, 0, 0])

    /// Major, minor and patch.
    var parts: [Int]

    /// Parses `1.2.3`; nil for anything else.
    init?(_ text: String) {
        let parts = text.split(separator: ".").compactMap { Int($0) }
        guard parts.count == 3, parts.allSatisfy({ $0 >= 0 }) else { return nil }
        self.parts = parts
    }

    private init(parts: [Int]) { self.parts = parts }

    /// The next version at `level` (0 major, 1 minor, 2 patch); the levels below it start again at 0. Nil for a
    /// level outside 0...2 or a number already at Int.max.
    func revised(level: Int) -> ProductVersion? {
        guard (0...2).contains(level) else { return nil }
        var parts = parts
        let (next, overflow) = parts[level].addingReportingOverflow(1)
        guard !overflow else { return nil }
        parts[level] = next
        for lower in (level + 1)..<3 { parts[lower] = 0 }
        return ProductVersion(parts: parts)
    }

    var description: String { parts.map(String.init).joined(separator: ".") }
}
