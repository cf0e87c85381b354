import Foundation

/// The pipeline's folders by key, as in the seed: temp, log, config, catalogs, stacks, images (any others allowed).
public struct PipelinePaths: Sendable, Hashable, Codable {
    /// Folder by key.
    public var folders: [String: String]

    /// Folders by key.
    public init(_ folders: [String: String] = [:]) { self.folders = folders }

    /// The folder for `key`.
    public subscript(key: String) -> String? {
        get { folders[key] }
        set { folders[key] = newValue }
    }

    /// Intermediate catalogs and images.
    public var temp: String? { folders["temp"] }
    /// XML reports, standard error of each step, and the saved pipeline state.
    public var log: String? { folders["log"] }
}
