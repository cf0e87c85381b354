public import SciCore

/// Deterministic bytes of any length, the same on server and client, so a test can know a download's checksum
/// without keeping the file: byte `i` is `block[i % block.count]` over a pseudo-random block of prime length.
public enum PatternData {
    /// The repeating block; its prime length keeps chunk boundaries from lining up with it.
    public static let block: [UInt8] = {
        var state: UInt64 = 0x9E37_79B9_7F4A_7C15
        return (0..<1_048_573).map { _ in
            state = state &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
            return UInt8(truncatingIfNeeded: state >> 33)
        }
    }()

    /// Calls `body` with consecutive slices covering bytes `offset ..< offset + count`.
    public static func forEachSlice(offset: Int64, count: Int64, _ body: (ArraySlice<UInt8>) throws -> Void) rethrows {
        var position = offset
        let end = offset + count
        while position < end {
            let start = Int(position % Int64(block.count))
            let length = Int(min(Int64(block.count - start), end - position))
            try body(block[start..<start + length])
            position += Int64(length)
        }
    }

    /// The XXH64 checksum of bytes `0 ..< size`.
    public static func checksum(size: Int64) -> Checksum {
        var hasher = XXH64Hasher()
        forEachSlice(offset: 0, count: size) { slice in slice.withUnsafeBytes { hasher.update($0) } }
        return hasher.checksum
    }
}
