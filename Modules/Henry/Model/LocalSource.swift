import Foundation

/// A file on this machine that will become one source of a product: its path, a name (the file name without its
/// extension unless given) and a description, which HIPPO requires before a push.
public struct LocalSource: Sendable, Hashable, Codable {
    /// The file.
    public var path: String
    /// A short name; HIPPO stores the file under its own file name.
    public var name: String
    /// What the file holds; required (two characters or more) to push.
    public var description: String?

    /// A source for the file at `path`.
    public init(path: String, name: String? = nil, description: String? = nil) {
        self.path = path
        self.name = name ?? URL(fileURLWithPath: path).deletingPathExtension().lastPathComponent
        self.description = description
    }

    /// The name the file has on the server: its base name, extension included.
    public var fileName: String { URL(fileURLWithPath: path).lastPathComponent }

    /// `name (description) representing path`, as henry prints a source.
    public var summary: String { "\(name) (\(description ?? "no description")) representing \(path)" }
}
