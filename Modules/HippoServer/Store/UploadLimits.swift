import Foundation

/// How much one request may ask the registry to take: declared sizes, parts, sources. Every figure comes from the
/// client, so each is checked before anything is recorded or any URL is signed.
struct UploadLimits: Sendable {
    /// The largest file accepted.
    var maxSourceSize: Int64
    /// The most parts one file may be split into: S3's limit, which also bounds the URLs one answer carries.
    var maxParts: Int64 = 10_000
    /// The most files one product version may announce at once.
    var maxSources = 1_000

    /// Throws 413 or 422, with what to change, for sources the registry will not take; `freeBytes` is the space left
    /// on the registry's disk, nil when unknown.
    func check(_ sources: [(slug: String, size: Int64)], partSize: Int64, freeBytes: Int64?) throws(HippoError) {
        guard sources.count <= maxSources else {
            throw HippoError(413, "\(sources.count) sources in one request; this registry takes at most \(maxSources)")
        }
        var total: Int64 = 0
        for (slug, size) in sources {
            guard size >= 0 else { throw HippoError(422, "source '\(slug)': size must not be negative") }
            guard size <= maxSourceSize else {
                throw HippoError(
                    413, "source '\(slug)': \(size) bytes is more than this registry takes in one file (\(maxSourceSize) bytes)")
            }
            let parts = FileRow.partCount(size: size, partSize: partSize)
            guard parts <= maxParts else {
                let smallest = size / maxParts + 1
                throw HippoError(
                    422,
                    "source '\(slug)': \(size) bytes in parts of \(partSize) is \(parts) parts, more than \(maxParts); use a multipart_batch_size of at least \(smallest)"
                )
            }
            // Each size is at most maxSourceSize, but many of them could still overflow a sum.
            let (sum, overflow) = total.addingReportingOverflow(size)
            guard !overflow else { throw HippoError(413, "the sources add up to more bytes than the registry can count") }
            total = sum
        }
        if let freeBytes, total > freeBytes {
            throw HippoError(413, "the sources add up to \(total) bytes; the registry has \(freeBytes) bytes free")
        }
    }

    /// Bytes free for an unprivileged writer on the file system holding `path`; nil when it cannot be asked.
    static func freeBytes(at path: String) -> Int64? {
        var stats = statvfs()
        guard statvfs(path, &stats) == 0 else { return nil }
        let (bytes, overflow) = Int64(clamping: stats.f_bavail).multipliedReportingOverflow(by: Int64(clamping: stats.f_frsize))
        return overflow ? .max : bytes
    }
}
