import Foundation

/// A file checksum written as HIPPO writes it: `xxh64:` and 16 lowercase hex digits (XXH64, seed 0).
public struct Checksum: Hashable, Sendable, Codable, CustomStringConvertible {
    /// The hash function, for example `xxh64`.
    public let algorithm: String
    /// The digest in lowercase hex.
    public let hex: String

    /// A checksum from its parts.
    public init(algorithm: String, hex: String) {
        self.algorithm = algorithm
        self.hex = hex.lowercased()
    }

    /// An XXH64 digest as a checksum.
    public init(xxh64 digest: UInt64) {
        let hex = String(digest, radix: 16)
        self.init(algorithm: "xxh64", hex: String(repeating: "0", count: 16 - hex.count) + hex)
    }

    /// Parses `algorithm:hex`; nil when the text has no such shape.
    public init?(parsing text: String) {
        let parts = text.split(separator: ":", maxSplits: 1)
        guard parts.count == 2, !parts[0].isEmpty, !parts[1].isEmpty,
            parts[1].allSatisfy({ $0.isHexDigit })
        else { return nil }
        self.init(algorithm: String(parts[0]).lowercased(), hex: String(parts[1]))
    }

    public var description: String { "\(algorithm):\(hex)" }

    public init(from decoder: any Decoder) throws {
        let text = try decoder.singleValueContainer().decode(String.self)
        guard let checksum = Checksum(parsing: text) else {
            throw DecodingError.dataCorrupted(.init(codingPath: decoder.codingPath, debugDescription: "not a checksum: \(text)"))
        }
        self = checksum
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        try container.encode(description)
    }

    /// The XXH64 checksum of bytes in memory.
    public static func xxh64(of bytes: some Sequence<UInt8>) -> Checksum {
        var hasher = XXH64Hasher()
        let array = Array(bytes)
        array.withUnsafeBytes { hasher.update($0) }
        return hasher.checksum
    }

    /// The XXH64 checksum of a file, streamed in large blocks so memory stays constant whatever its size.
    public static func xxh64(ofFileAt path: String) throws -> Checksum {
        var hasher = XXH64Hasher()
        try FileBlocks.read(path: path) { hasher.update($0) }
        return hasher.checksum
    }
}
