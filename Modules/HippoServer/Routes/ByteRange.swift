import Foundation

/// A single `Range: bytes=...` request, resolved against a file's size (multiple ranges are not served).
enum ByteRange {
    /// The bytes asked for; nil means the whole file. Throws 416 when the range lies outside the file.
    static func resolve(_ header: String?, size: Int64) throws(HippoError) -> ClosedRange<Int64>? {
        guard let header, header.hasPrefix("bytes="), !header.contains(",") else { return nil }
        let spec = header.dropFirst(6).split(separator: "-", maxSplits: 1, omittingEmptySubsequences: false)
        guard spec.count == 2 else { return nil }
        let first = Int64(spec[0].trimmingCharacters(in: .whitespaces)), last = Int64(spec[1].trimmingCharacters(in: .whitespaces))
        let range: ClosedRange<Int64>
        switch (first, last) {
        case (let start?, nil): range = start...(size - 1)
        case (let start?, let end?): range = start...min(end, size - 1)
        case (nil, let suffix?) where suffix > 0: range = max(0, size - suffix)...(size - 1)
        default: return nil
        }
        guard size > 0, range.lowerBound <= range.upperBound, range.lowerBound < size else {
            throw HippoError(416, "range \(header) lies outside the file's \(size) bytes")
        }
        return range
    }
}
