public import ArgumentParser
public import SciCLI

/// The `sci tiled` plugin: browse, search, read and write data on a Tiled server.
public enum TiledPlugin: SciPlugin {
    public static let name = "tiled"
    public static let command: any ParsableCommand.Type = TiledCommand.self
}
