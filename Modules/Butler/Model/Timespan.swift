/// A validity range in the registry's time encoding (TAI nanoseconds since 1970-01-01), half-open `[begin, end)` as
/// daf_butler's `Timespan`; a nil end is unbounded.
public struct Timespan: Sendable, Hashable, CustomStringConvertible {
    /// The first instant inside, or nil for the infinite past.
    public var begin: Int64?
    /// The first instant after, or nil for the infinite future.
    public var end: Int64?

    /// A range; `begin` must come before `end`.
    public init(begin: Int64?, end: Int64?) throws {
        if let begin, let end, begin >= end {
            throw ButlerError.invalidDataId("a validity range must begin before it ends")
        }
        self.begin = begin
        self.end = end
    }

    /// A range from daf_butler's time literals (`2025-04-01T00:00:00`, `mjd/60000.5/tai`, ...); nil is unbounded.
    public init(parsingBegin begin: String?, end: String?) throws {
        func parse(_ text: String?) throws -> Int64? {
            guard let text else { return nil }
            do { return try TimeLiteral.parse(text) } catch let failure as TimeLiteral.Failure {
                throw ButlerError.invalidDataId(failure.message)
            }
        }
        try self.init(begin: try parse(begin), end: try parse(end))
    }

    /// The registry's columns, where the sentinels stand for unbounded ends so that comparisons stay plain SQL.
    var columns: (begin: Int64, end: Int64) { (begin ?? .min, end ?? .max) }

    /// Reads the registry's columns back.
    init(columns begin: Int64, _ end: Int64) {
        self.begin = begin == .min ? nil : begin
        self.end = end == .max ? nil : end
    }

    /// Whether `time` is inside.
    public func contains(_ time: Int64) -> Bool { columns.begin <= time && time < columns.end }

    /// Whether the two ranges share an instant.
    public func overlaps(_ other: Timespan) -> Bool {
        columns.begin < other.columns.end && other.columns.begin < columns.end
    }

    /// `[begin, end)` in nanoseconds, `-∞`/`∞` for unbounded ends.
    public var description: String {
        "[\(begin.map(String.init) ?? "-∞"), \(end.map(String.init) ?? "∞"))"
    }
}
