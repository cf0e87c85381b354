@testable import SciS3
import Testing

/// How objects are cut into parts. Sizes come from the file system and from the store's answers (`Content-Length`,
/// a listing's `Size`), so every size an Int64 holds must give parts, never an overflow trap.
@Suite struct PartSizeTests {
    @Test func partsAreAtLeastTheConfiguredSizeAndAtMost10000() {
        let mib: Int64 = 1 << 20
        #expect(S3Client.partSize(for: 0, configured: 16 * mib) == 16 * mib)
        #expect(S3Client.partSize(for: 100 * mib, configured: 16 * mib) == 16 * mib)
        #expect(S3Client.partSize(for: 100 * mib, configured: 1) == 5 * mib)
        // 10,000 parts of 16 MiB hold 160,000 MiB; one byte more needs 17 MiB parts.
        #expect(S3Client.partSize(for: 160_000 * mib, configured: 16 * mib) == 16 * mib)
        #expect(S3Client.partSize(for: 160_000 * mib + 1, configured: 16 * mib) == 17 * mib)
        #expect(S3Client.partRanges(size: 0, partSize: 5 * mib) == [0..<0])
        #expect(S3Client.partRanges(size: 11 * mib, partSize: 5 * mib) == [0..<(5 * mib), (5 * mib)..<(10 * mib), (10 * mib)..<(11 * mib)])
    }

    @Test func theLargestSizesStillCutIntoParts() {
        let part = S3Client.partSize(for: .max, configured: 16 << 20)
        let ranges = S3Client.partRanges(size: .max, partSize: part)
        #expect(ranges.count == 10_000)
        #expect(ranges.first?.lowerBound == 0 && ranges.last?.upperBound == .max)
        #expect(zip(ranges, ranges.dropFirst()).allSatisfy { $0.upperBound == $1.lowerBound })
        // A configured part size past half of Int64 leaves a last part that ends at the size, not past Int64.max.
        let half = Int64.max / 2 + 1
        #expect(S3Client.partRanges(size: .max, partSize: half) == [0..<half, half..<Int64.max])
    }
}
