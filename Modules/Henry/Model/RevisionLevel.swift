/// Which part of `major.minor.patch` a revision raises; the lower parts go back to 0.
public enum RevisionLevel: Int, Sendable, Hashable, Codable, CaseIterable {
    case major = 0, minor = 1, patch = 2

    /// The version after `version` at this level: 1.2.3 → 2.0.0, 1.3.0 or 1.2.4.
    public func revise(_ version: String) -> String {
        var parts = RevisionLevel.parts(version)
        // The version comes from the server: a number at Int.max stays there rather than trapping.
        parts[rawValue] = parts[rawValue].addingReportingOverflow(1).overflow ? .max : parts[rawValue] + 1
        for lower in (rawValue + 1)..<3 { parts[lower] = 0 }
        return parts.map(String.init).joined(separator: ".")
    }

    /// Whether `a` comes before `b` in semantic-version order.
    public static func isOlder(_ a: String, than b: String) -> Bool {
        parts(a).lexicographicallyPrecedes(parts(b))
    }

    static func parts(_ version: String) -> [Int] {
        let numbers = version.split(separator: ".").map { Int($0) ?? 0 }
        return (0..<3).map { $0 < numbers.count ? numbers[$0] : 0 }
    }
}
