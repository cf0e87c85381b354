import Foundation

/// A single `Range: bytes=...` request, resolved against a file's size (multiple ranges are not served).
///
/// Every bound comes from the network, so nothing here builds a range before its ends are known to lie inside the
/// file: a start at or past the end, a reversed range or a zero-length suffix is 416, never a trap.
enum ByteRange {
    /// The bytes asked for; nil means the whole file (no header, another unit, several ranges, or a header that is
    /// not a byte range at all, which HTTP says to ignore). Throws 416, with `Content-Range: bytes */SIZE`, when the
    /// range cannot be satisfied.
    static func resolve(_ header: String?, size: Int64) throws(HippoError) -> ClosedRange<Int64>? {
        guard let header else { return nil }
        let text = header.trimmingCharacters(in: .whitespaces)
        guard text.lowercased().hasPrefix("bytes="), !text.contains(",") else { return nil }
        let ends = text.dropFirst(6).split(separator: "-", maxSplits: 1, omittingEmptySubsequences: false)
        guard ends.count == 2 else { return nil }
        let firstText = ends[0].trimmingCharacters(in: .whitespaces), lastText = ends[1].trimmingCharacters(in: .whitespaces)
        // Digits only: Int64("+5") and Int64("-5") parse, and neither is a byte position.
        guard !(firstText.isEmpty && lastText.isEmpty), isDigits(firstText), isDigits(lastText) else { return nil }
        // A position too long for Int64 lies past the end of any file.
        let first = firstText.isEmpty ? nil : Int64(firstText) ?? .max
        let last = lastText.isEmpty ? nil : Int64(lastText) ?? .max
        let unsatisfiable = HippoError(
            416, "range \(header.prefix(80)) lies outside the file's \(size) bytes", headers: [.contentRange: "bytes */\(max(0, size))"])
        guard size > 0 else { throw unsatisfiable }
        if let start = first {
            let end = min(last ?? (size - 1), size - 1)
            guard start < size, start <= end else { throw unsatisfiable }
            return start...end
        }
        // `bytes=-N`: the last N bytes.
        guard let suffix = last, suffix > 0 else { throw unsatisfiable }
        return (size - min(suffix, size))...(size - 1)
    }

    private static func isDigits(_ text: String) -> Bool { text.utf8.allSatisfy { $0 >= 48 && $0 <= 57 } }
}
