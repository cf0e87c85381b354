public import SciCore

/// Metadata that `hippometa` would reject: a missing or mistyped field, an unknown type, or a slug the type does not allow.
public struct MetadataError: Error, Sendable, Equatable, CustomStringConvertible, SciErrorConvertible {
    /// What is wrong, naming the field or slug and what is expected.
    public let message: String
    /// The slug that is not valid for the type, when that is the problem.
    public let invalidSlug: String?

    /// A problem with the metadata's fields or type.
    public init(_ message: String) {
        self.message = message
        self.invalidSlug = nil
    }

    /// A source slug the metadata type does not allow.
    public init(invalidSlug slug: String, _ message: String) {
        self.message = message
        self.invalidSlug = slug
    }

    public var description: String { message }

    public var sciError: SciError { SciError(message) }
}
