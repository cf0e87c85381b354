public import SciCore

/// A source slug that the product's metadata type does not allow.
public struct InvalidSlug: Error, Sendable, Equatable, SciErrorConvertible {
    /// The slug given.
    public let slug: String
    /// The metadata type.
    public let type: String
    /// The slugs the type allows.
    public let validSlugs: Set<String>

    public var sciError: SciError {
        SciError(
            "'\(slug)' is not a valid slug for \(type) metadata",
            hint: "use one of: \(validSlugs.sorted().joined(separator: ", "))")
    }
}
