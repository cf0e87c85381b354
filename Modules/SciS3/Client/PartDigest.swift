import Crypto
import Foundation
import SciCore

/// The MD5 (S3's ETag and `Content-MD5`) and SHA-256 (`x-amz-content-sha256`) of a byte range of a file, in one read.
struct PartDigest: Sendable {
    /// The MD5 bytes.
    var md5: [UInt8]
    /// The SHA-256, lower-case hexadecimal.
    var sha256: String

    /// The MD5 in base64, for `Content-MD5`.
    var md5Base64: String { Data(md5).base64EncodedString() }
    /// The MD5 in hexadecimal, as a single-part ETag shows it.
    var md5Hex: String { SignatureV4.hex(md5) }

    /// Digests `range` of the file at `path` (the whole file when nil).
    init(file path: String, range: Range<Int64>? = nil, sha256 wantedSHA: Bool = true) throws {
        let fd = open(path, O_RDONLY | O_CLOEXEC)
        guard fd >= 0 else { throw FileError.cannotOpen(path, errno: errno) }
        defer { close(fd) }
        let range = range ?? 0..<(FileDescriptor.size(of: path) ?? 0)
        var md5 = Insecure.MD5()
        var sha = SHA256()
        var offset = range.lowerBound
        let chunk = 1 << 20
        var buffer = [UInt8](repeating: 0, count: chunk)
        while offset < range.upperBound {
            let wanted = Int(min(Int64(chunk), range.upperBound - offset))
            let count = buffer.withUnsafeMutableBytes { pread(fd, $0.baseAddress, wanted, off_t(offset)) }
            guard count > 0 else { throw FileError.cannotRead(path, errno: count == 0 ? EIO : errno) }
            buffer.withUnsafeBytes { bytes in
                let slice = UnsafeRawBufferPointer(rebasing: bytes[..<count])
                md5.update(bufferPointer: slice)
                if wantedSHA { sha.update(bufferPointer: slice) }
            }
            offset += Int64(count)
        }
        self.md5 = Array(md5.finalize())
        self.sha256 = wantedSHA ? SignatureV4.hex(sha.finalize()) : SignatureV4.unsignedPayload
    }

    /// Digests bytes in memory.
    init(data: Data) {
        md5 = Array(Insecure.MD5.hash(data: data))
        sha256 = SignatureV4.hex(SHA256.hash(data: data))
    }

    /// The ETag S3 gives an object uploaded in these parts: the MD5 of the parts' MD5s, a dash, and their count.
    static func multipartETag(_ parts: [PartDigest]) -> String {
        var md5 = Insecure.MD5()
        for part in parts { md5.update(data: part.md5) }
        return SignatureV4.hex(md5.finalize()) + "-\(parts.count)"
    }
}
