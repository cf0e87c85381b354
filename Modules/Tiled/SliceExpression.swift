import SciCore

/// numpy-style slices as Tiled's `slice` parameter takes them: `0:2,::2`, `3`, `:,1:`, `-1`, `...,0`.
///
/// Tiled 0.2 answers a negative index or bound and an empty selection with "500 Internal server error" and refuses
/// `...`; numpy (and the Python client, which resolves them first) accepts all three. So a slice is resolved here
/// against the array's shape, as numpy would, into the plain non-negative form the server takes.
public enum SliceExpression {
    /// The shape of `array[slice]`; throws one clear line for a malformed or out-of-range slice.
    public static func shape(of slice: String, in shape: [Int]) throws -> [Int] {
        try resolve(slice, in: shape).shape
    }

    /// The shape of `array[slice]` and the same selection as the server's `slice` parameter, with every index and
    /// bound non-negative and `...` expanded.
    public static func resolve(_ slice: String, in shape: [Int]) throws -> (shape: [Int], parameter: String) {
        var parts = slice.split(separator: ",", omittingEmptySubsequences: false).map { $0.trimmingCharacters(in: .whitespaces) }
        let ellipses = parts.filter { $0 == "..." }.count
        guard ellipses <= 1 else { throw bad(slice, "only one ... is allowed") }
        if let at = parts.firstIndex(of: "...") {
            guard parts.count - 1 <= shape.count else {
                throw bad(slice, "it has \(parts.count - 1) dimensions but the array has \(shape.count)")
            }
            parts.replaceSubrange(at...at, with: repeatElement(":", count: shape.count - (parts.count - 1)))
        }
        guard parts.count <= shape.count else {
            throw bad(slice, "it has \(parts.count) dimensions but the array has \(shape.count)")
        }
        var result: [Int] = []
        var parameter: [String] = []
        for (d, length) in shape.enumerated() {
            guard d < parts.count else {
                result.append(length)
                parameter.append("0:\(length)")
                continue
            }
            let part = parts[d]
            if !part.contains(":") {
                guard let index = Int(part), index >= -length, index < length else {
                    throw bad(slice, "'\(part)' is not an index within \(-length)..<\(length)")
                }
                parameter.append(String(index < 0 ? index + length : index))
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
            guard step > 0 else { throw bad(slice, "steps must be positive (the server takes no negative steps)") }
            // numpy's rule for a positive step: a negative bound counts from the end, then both are clamped.
            func clamp(_ n: Int) -> Int { n < 0 ? max(0, n + length) : min(n, length) }
            let start = clamp(try number(0) ?? 0), stop = clamp(try number(1) ?? length)
            let count = stop > start ? (stop - start - 1) / step + 1 : 0
            result.append(count)
            parameter.append("\(start):\(max(start, stop))" + (step == 1 ? "" : ":\(step)"))
        }
        return (result, parameter.joined(separator: ","))
    }

    private static func bad(_ slice: String, _ why: String) -> SciError {
        SciError("bad slice '\(slice)': \(why)", hint: "slices look like 0:10,::2 (one part per dimension)", exitCode: SciError.usageExitCode)
    }
}
