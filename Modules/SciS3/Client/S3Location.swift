/// A place in an S3 store written `s3://bucket/key-or-prefix`.
public struct S3Location: Sendable, Hashable, CustomStringConvertible {
    /// The bucket.
    public var bucket: String
    /// The key or prefix inside it, without a leading slash; empty for the whole bucket.
    public var key: String

    /// A location from its parts.
    public init(bucket: String, key: String) {
        self.bucket = bucket
        self.key = key
    }

    /// Reads `s3://bucket/key`; anything else, or a bucket name S3 would refuse, is an error.
    public init(_ uri: String) throws {
        guard uri.hasPrefix("s3://") else { throw S3Error.invalidURI("not an s3:// URI: \(uri)") }
        let rest = uri.dropFirst("s3://".count)
        let slash = rest.firstIndex(of: "/") ?? rest.endIndex
        bucket = String(rest[..<slash])
        key = slash < rest.endIndex ? String(rest[rest.index(after: slash)...]) : ""
        // S3's rules: 3 to 63 lower-case letters, digits, dots and dashes, starting and ending with a letter or digit.
        let allowed = bucket.utf8.allSatisfy { ($0 >= 0x61 && $0 <= 0x7A) || ($0 >= 0x30 && $0 <= 0x39) || $0 == 0x2E || $0 == 0x2D }
        guard (3...63).contains(bucket.utf8.count), allowed, bucket.first != "-", bucket.first != ".", bucket.last != "-", bucket.last != "."
        else { throw S3Error.invalidURI("'\(bucket)' in \(uri) is not a valid bucket name (3 to 63 of a-z, 0-9, '.', '-')") }
    }

    /// The location of `name` under this one, joined with one slash.
    public func appending(_ name: String) -> S3Location {
        S3Location(bucket: bucket, key: key.isEmpty || key.hasSuffix("/") ? key + name : key + "/" + name)
    }

    /// `s3://bucket/key`.
    public var description: String { "s3://\(bucket)/\(key)" }
}
