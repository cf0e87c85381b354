/// "did you mean" for a misspelt name: the closest known one within a few edits, or one that starts like it.
enum Suggestion {
    /// The best match for `word` among `known`, or nil.
    static func closest(to word: String, in known: some Sequence<String>) -> String? {
        let lowered = word.lowercased()
        let scored = known.map { candidate -> (String, Int) in
            let other = candidate.lowercased()
            let prefix = other.hasPrefix(lowered) || lowered.hasPrefix(other)
            return (candidate, prefix ? min(1, distance(lowered, other)) : distance(lowered, other))
        }
        guard let best = scored.min(by: { $0.1 < $1.1 }), best.1 <= max(2, word.count / 3) else { return nil }
        return best.0
    }

    /// " (did you mean `x`?)", or nothing.
    static func phrase(for word: String, in known: some Sequence<String>, quote: (String) -> String = { "`\($0)`" }) -> String {
        closest(to: word, in: known).map { "; did you mean \(quote($0))?" } ?? ""
    }

    /// Levenshtein distance.
    static func distance(_ one: String, _ two: String) -> Int {
        let a = Array(one), b = Array(two)
        guard !a.isEmpty else { return b.count }
        guard !b.isEmpty else { return a.count }
        var previous = Array(0...b.count)
        for i in 1...a.count {
            var current = [i] + Array(repeating: 0, count: b.count)
            for j in 1...b.count {
                current[j] = min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + (a[i - 1] == b[j - 1] ? 0 : 1))
            }
            previous = current
        }
        return previous[b.count]
    }
}
