import Foundation
import SciCore

/// The checksum of a file for up-to-date checks. A FITS file (image, catalog, PSF model) is hashed without the
/// values of the header cards that change on every run though the data do not: SExtractor's SEXDATE, SEXTIME
/// and SEXELAPS (in LDAC catalogs they sit in the LDAC_IMHEAD table's data) and SWarp's DATE. Otherwise a
/// re-run of SExtractor would make every step downstream of its catalog run again.
enum StableChecksum {
    /// Keywords whose values are masked, padded to 8 characters as on a card.
    static let volatileKeywords: Set<String> = ["DATE    ", "SEXDATE ", "SEXTIME ", "SEXELAPS"]

    private static let block = 2880
    private static let card = 80

    /// `xxh64:` of the file, FITS cards masked; nil when it cannot be read.
    static func of(_ path: String) -> String? {
        guard let handle = FileHandle(forReadingAtPath: path) else { return nil }
        defer { try? handle.close() }
        var hasher = XXH64Hasher()
        guard let first = try? handle.read(upToCount: block) else { return nil }
        guard first.count == block, first.starts(with: Array("SIMPLE  =".utf8)) else {
            // Not FITS: every byte counts.
            first.withUnsafeBytes { hasher.update($0) }
            while let chunk = try? handle.read(upToCount: 1 << 20), !chunk.isEmpty { chunk.withUnsafeBytes { hasher.update($0) } }
            return hasher.checksum.description
        }
        var pending: Data? = first
        func next() -> Data? {
            if let data = pending { pending = nil; return data }
            guard let data = try? handle.read(upToCount: block), !data.isEmpty else { return nil }
            return data
        }
        // One header-and-data unit per turn.
        while let start = next() {
            var header = Header()
            var current = start
            while true {
                var bytes = [UInt8](current)
                let done = header.read(&bytes)
                bytes.withUnsafeBytes { hasher.update($0) }
                if done { break }
                guard let more = next() else { return hasher.checksum.description }
                current = more
            }
            var remaining = header.paddedDataSize
            guard remaining > 0 else { continue }
            // The data: cards in LDAC_IMHEAD, raw elsewhere; read in whole cards so a card never straddles chunks.
            while remaining > 0 {
                let size = Int(min(remaining, Int64(block * 364)))
                guard var chunk = try? handle.read(upToCount: size), !chunk.isEmpty else { return hasher.checksum.description }
                if header.holdsCards {
                    var bytes = [UInt8](chunk)
                    Header.mask(&bytes)
                    chunk = Data(bytes)
                }
                chunk.withUnsafeBytes { hasher.update($0) }
                remaining -= Int64(chunk.count)
            }
        }
        return hasher.checksum.description
    }

    /// What a header says about the data after it.
    private struct Header {
        var bitpix: Int64 = 8
        var axes: [Int: Int64] = [:]
        var axisCount: Int64 = 0
        var pcount: Int64 = 0
        var gcount: Int64 = 1
        var name = ""

        /// Masks volatile cards in place and reads the sizes; true at the END card.
        mutating func read(_ bytes: inout [UInt8]) -> Bool {
            Self.mask(&bytes)
            var offset = 0
            while offset + card <= bytes.count {
                let keyword = String(decoding: bytes[offset..<offset + 8], as: UTF8.self)
                if keyword == "END     " { return true }
                let value = String(decoding: bytes[offset + 10..<offset + card], as: UTF8.self)
                    .split(separator: "/").first?.trimmingCharacters(in: .whitespaces) ?? ""
                let number = Int64(value)
                switch keyword.trimmingCharacters(in: .whitespaces) {
                case "BITPIX": bitpix = number ?? bitpix
                case "NAXIS": axisCount = number ?? 0
                case "PCOUNT": pcount = number ?? 0
                case "GCOUNT": gcount = number ?? 1
                case "EXTNAME": name = value.trimmingCharacters(in: CharacterSet(charactersIn: "' "))
                case let key where key.hasPrefix("NAXIS"):
                    if let axis = Int(key.dropFirst(5)), let number { axes[axis] = number }
                default: break
                }
                offset += card
            }
            return false
        }

        /// Bytes of data after the header, padded to whole blocks; 0 when the header makes no sense.
        var paddedDataSize: Int64 {
            guard axisCount > 0, axisCount < 1000 else { return 0 }
            var count: Int64 = 1
            for axis in 1...Int(axisCount) {
                guard let length = axes[axis], length >= 0 else { return 0 }
                let (product, overflow) = count.multipliedReportingOverflow(by: length)
                guard !overflow else { return 0 }
                count = product
            }
            let (withHeap, overflow1) = count.addingReportingOverflow(pcount)
            let (groups, overflow2) = withHeap.multipliedReportingOverflow(by: gcount)
            let (bytes, overflow3) = groups.multipliedReportingOverflow(by: abs(bitpix) / 8)
            // A header may claim up to Int64.max bytes; the rounding up to whole blocks must not overflow either.
            guard !overflow1, !overflow2, !overflow3, bytes >= 0, bytes <= Int64.max - Int64(block) else { return 0 }
            return (bytes + Int64(block) - 1) / Int64(block) * Int64(block)
        }

        /// LDAC_IMHEAD: a table whose one cell is a FITS header of 80-character cards.
        var holdsCards: Bool { name == "LDAC_IMHEAD" }

        /// Blanks the values of volatile cards in whole 80-byte cards.
        static func mask(_ bytes: inout [UInt8]) {
            var offset = 0
            while offset + card <= bytes.count {
                if volatileKeywords.contains(String(decoding: bytes[offset..<offset + 8], as: UTF8.self)) {
                    for index in offset + 8..<offset + card { bytes[index] = 0x20 }
                }
                offset += card
            }
        }
    }
}
