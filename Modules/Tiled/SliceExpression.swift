import SciCore

/// numpy-style slices as Tiled's `slice` parameter takes them: `0:2,::2`, `3`, `:,1:`.
public enum SliceExpression {
    /// The shape of `array[slice]`; throws one clear line for a malformed or out-of-range slice.
    public static func shape(of slice: String, in shape: [Int]) throws -> [Int] {
        let parts = slice.split(separator: ",", omittingEmptySubsequences: false).map { $0.trimmingCharacters(in: .whitespaces) }
        guard parts.count <= shape.count else {
            throw bad(slice, "it has \(parts.count) dimensions but the array has \(shape.count)")
        }
        var result: [Int] = []
        for (d, length) in shape.enumerated() {
            guard d < parts.count else { result.append(length); continue }
            let part = parts[d]
            if !part.contains(":") {
                guard let index = Int(part), index >= -length, index < length else {
                    throw bad(slice, "'\(part)' is not an index within 0..<\(length)")
                }
                continue
            }
            let fields = part.split(separator: ":", omittingEmptySubsequences: false).map(String.init)
            guard fields.count <= 3 else { throw bad(slice, "'\(part)' has too many colons") }
            func number(_ i: Int) throws -> Int? {
                guard i < fields.count, !fields[i].isEmpty else { return nil }
                guard let n = Int(fields[i]) else { throw bad(slice, "'\(fields[i])' is not a number") }
                return n
            }
            let step = try number(2) ?? 1
            guard step > 0 else { throw bad(slice, "steps must be positive") }
            func clamp(_ n: Int) -> Int { n < 0 ? max(0, n + length) : min(n, length) }
            let start = clamp(try number(0) ?? 0), stop = clamp(try number(1) ?? length)
            result.append(stop > start ? (stop - start + step - 1) / step : 0)
        }
        return result
    }

    private static func bad(_ slice: String, _ why: String) -> SciError {
        SciError("bad slice '\(slice)': \(why)", hint: "slices look like 0:10,::2 (one part per dimension)", exitCode: SciError.usageExitCode)
    }
}
